using Ghiseu.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ghiseu.Web;

/// <summary>
/// Typed answers for endpoints that map a command's outcome. An endpoint returns
/// <c>Results&lt;Ok&lt;T&gt;, ValidationProblem, ProblemHttpResult&gt;</c> and names its problem statuses with
/// <see cref="ProducesProblems"/>, so the OpenAPI document lists every response while the body stays the
/// one <see cref="Problems"/> writes (through the problem details service, with its trace id).
/// </summary>
public static class ProblemResults
{
    /// <summary>The failure's problem details (see <see cref="Problems.For"/>) as a member of the endpoint's union.</summary>
    public static Results<TOk, ValidationProblem, ProblemHttpResult> For<TOk>(Failure failure) where TOk : IResult =>
        Problems.For(failure) switch
        {
            ValidationProblem v => v,
            ProblemHttpResult p => p,
            var other => throw new InvalidOperationException($"Problems.For answered {other.GetType().Name}."),
        };

    /// <summary>Declares the problem statuses (404, 409, 412, 422…) an endpoint can answer with.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }

    /// <summary>The HTTP status <see cref="Problems.For"/> answers a failure with (for answers that report it per item, like bulk).</summary>
    public static int StatusOf(Failure failure) => failure switch
    {
        Failure.NotFound => StatusCodes.Status404NotFound,
        Failure.Invalid => StatusCodes.Status400BadRequest,
        Failure.Stale => StatusCodes.Status412PreconditionFailed,
        Failure.Conflict => StatusCodes.Status409Conflict,
        Failure.Refused => StatusCodes.Status422UnprocessableEntity,
        Failure.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem's detail for a failure, as <see cref="Problems.For"/> writes it.</summary>
    public static string DetailOf(Failure failure) =>
        failure is Failure.NotFound { Message.Length: 0 } ? Resources.Messages.ProblemNotFound : failure.Message;
}
