using Ghiseu.Common;
using Ghiseu.Web.Resources;
using Microsoft.AspNetCore.Mvc;

namespace Ghiseu.Web;

/// <summary>RFC 9457 problem details, the one shape of every error the API returns.</summary>
public static class Problems
{
    public static IResult Validation(params (string Field, string Message)[] errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: Messages.ProblemValidation, type: "https://ghiseu.ro/problems/validation");

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: Messages.ProblemValidation, type: "https://ghiseu.ro/problems/validation");

    public static IResult NotFound(string? what = null) =>
        Make(StatusCodes.Status404NotFound, "Not found", what ?? Messages.ProblemNotFound, "not-found");

    public static IResult Conflict(string detail, string code) => Make(StatusCodes.Status409Conflict, "Conflict", detail, code);

    public static IResult Unprocessable(string detail, string code) =>
        Make(StatusCodes.Status422UnprocessableEntity, "The request cannot be carried out", detail, code);

    public static IResult Unauthorized(string detail, string code = "unauthorized") =>
        Make(StatusCodes.Status401Unauthorized, "Unauthorized", detail, code);

    public static IResult PreconditionFailed(string detail) =>
        Make(StatusCodes.Status412PreconditionFailed, "Precondition failed", detail, "stale");

    public static IResult Make(int status, string title, string detail, string code) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status, Title = title, Detail = detail, Type = $"https://ghiseu.ro/problems/{code}",
        });

    /// <summary>The problem details of a command's failure, the same for every endpoint.</summary>
    public static IResult For(Failure failure) => failure switch
    {
        Failure.NotFound f => NotFound(f.Message.Length == 0 ? null : f.Message),
        Failure.Invalid f => Validation([.. f.Errors.Select(e => (e.Field, e.Message))]),
        Failure.Stale f => PreconditionFailed(f.Message),
        Failure.Conflict f => Conflict(f.Message, f.Code),
        Failure.Refused f => Unprocessable(f.Message, f.Code),
        Failure.Unauthorized f => Unauthorized(f.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
