using Ghiseu.Common;

namespace Ghiseu.Features.Cases;

/// <summary>
/// A rule of the case model was broken. Commands turn it into <see cref="ToFailure"/> at their boundary;
/// elsewhere the API answers with a 409 or 422 problem.
/// </summary>
public sealed class DomainException(string code, string message, bool conflict = true) : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. illegal-transition.</summary>
    public string Code { get; } = code;

    /// <summary>True when the request clashes with the current state (409), false when it is invalid (422).</summary>
    public bool Conflict { get; } = conflict;

    public Failure ToFailure() => Conflict ? new Failure.Conflict(Code, Message) : new Failure.Refused(Code, Message);
}
