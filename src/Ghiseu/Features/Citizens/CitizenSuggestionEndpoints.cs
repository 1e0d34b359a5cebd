using Ghiseu.Features.Audit;
using Ghiseu.Features.Identity;
using Ghiseu.Web;

namespace Ghiseu.Features.Citizens;

/// <summary>"Possible same person" suggestions: listed to staff who can see both records, decided by case workers and supervisors.</summary>
public static class CitizenSuggestionEndpoints
{
    public static RouteGroupBuilder MapCitizenSuggestions(this RouteGroupBuilder citizens)
    {
        var g = citizens.MapGroup("/suggestions");
        g.MapGet("", ListAsync)
            .WithSummary("Open \"possible same person\" suggestions whose two citizens you can both see, newest first; of one citizen with ?citizen=.");
        g.MapGet("/{id:guid}", GetAsync).WithSummary("One suggestion, open or decided.");
        g.MapPost("/{id:guid}/confirm", (Guid id, MatchSuggestions s, CancellationToken ct) => DecideAsync(id, true, s, ct))
            .RequireAuthorization(Roles.SupervisorPolicy)
            .WithSummary("The two records are one person: the newer is merged into the existing one (supervisors).");
        g.MapPost("/{id:guid}/reject", (Guid id, MatchSuggestions s, CancellationToken ct) => DecideAsync(id, false, s, ct))
            .RequireAuthorization(Roles.CaseWorkPolicy)
            .WithSummary("The two records are different people: they stay apart and the pair is not suggested again.");
        return g;
    }

    private static async Task<IResult> ListAsync(Guid? citizen, int? limit, MatchSuggestions suggestions, AuditLog audit, CancellationToken ct)
    {
        if (limit is < 1 or > 200) return Problems.Validation(("limit", "Use 1 to 200."));
        var list = await suggestions.OpenAsync(citizen, limit ?? 50, ct);
        // The answer names citizens and their contact points: a read like a citizen search.
        await audit.RecordAsync("search", nameof(CitizenMatchSuggestion), null,
            details: System.Text.Json.JsonSerializer.Serialize(new { citizen, results = list.Count }), ct: ct);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> GetAsync(Guid id, MatchSuggestions suggestions, AuditLog audit, CancellationToken ct)
    {
        if (await suggestions.FindAsync(id, ct) is not { } s) return Problems.NotFound();
        await audit.RecordAsync("read", nameof(CitizenMatchSuggestion), id.ToString(), ct: ct);
        return TypedResults.Ok(s);
    }

    private static async Task<IResult> DecideAsync(Guid id, bool samePerson, MatchSuggestions suggestions, CancellationToken ct) =>
        await suggestions.DecideAsync(id, samePerson, ct) switch
        {
            (MatchSuggestions.Outcome.Done, { } s) => TypedResults.Ok(s),
            (MatchSuggestions.Outcome.Decided, _) => Problems.Conflict("The suggestion was decided already, or one of its records was merged meanwhile.", "decided"),
            _ => Problems.NotFound(),
        };
}
