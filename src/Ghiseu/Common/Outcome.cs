namespace Ghiseu.Common;

/// <summary>A field and what is wrong with it, in the words the user reads.</summary>
public readonly record struct FieldError(string Field, string Message);

/// <summary>
/// Why a command did nothing. Each kind has one meaning on every transport: endpoints map it to the
/// same problem details (see Web/Problems.For), pages to a message.
/// </summary>
public abstract record Failure(string Code, string Message)
{
    /// <summary>No such thing among those the actor may see (404; never "forbidden", which would confirm it exists).</summary>
    public sealed record NotFound(string Message = "") : Failure("not-found", Message);

    /// <summary>Input errors by field (400 validation problem).</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Failure("validation", string.Join(" ", Errors.Select(e => e.Message)))
    {
        public Invalid(string field, string message) : this([new FieldError(field, message)]) { }
    }

    /// <summary>The actor saw an older version (412).</summary>
    public sealed record Stale(long Version) : Failure("stale", $"The case is at version {Version}; read it again.");

    /// <summary>The state does not allow it, e.g. an illegal status transition or a duplicate link (409).</summary>
    public sealed record Conflict(string Code, string Message) : Failure(Code, Message);

    /// <summary>Well-formed but cannot be carried out, e.g. no contact to reply to (422).</summary>
    public sealed record Refused(string Code, string Message) : Failure(Code, Message);

    /// <summary>For a form: the field errors, or this failure's message on the given field.</summary>
    public List<(string Field, string Message)> OnForm(string field) =>
        this is Invalid i ? [.. i.Errors.Select(e => (e.Field, e.Message))] : [(field, Message)];

    /// <summary>The actor is not who the command needs (401).</summary>
    public sealed record Unauthorized(string Message) : Failure("unauthorized", Message);
}

/// <summary>What a command returns: its value, or the one reason it did nothing.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
