namespace Ghiseu.Features.Cases;

/// <summary>
/// How a case endpoint answers a retried Idempotency-Key when the first answer was lost after the
/// commit: the case as it is now, with the status and Location the endpoint gives.
/// </summary>
public static class CaseReplays
{
    public static Task<IResult?> Created(HttpContext http, Guid id, CancellationToken ct) =>
        AnswerAsync(http, id, dto => TypedResults.Created($"/api/v1/cases/{dto.Id}", dto), ct);

    public static Task<IResult?> Changed(HttpContext http, Guid id, CancellationToken ct) =>
        AnswerAsync(http, id, TypedResults.Ok, ct);

    private static async Task<IResult?> AnswerAsync(HttpContext http, Guid id, Func<CaseDto, IResult> answer, CancellationToken ct)
    {
        var reader = http.RequestServices.GetRequiredService<CaseReader>();
        if (await reader.FindAsync(id.ToString(), ct) is not { } c) return null;
        http.Response.Headers.ETag = CaseReader.ETag(c);
        return answer(await reader.ToDtoAsync(c, ct));
    }
}
