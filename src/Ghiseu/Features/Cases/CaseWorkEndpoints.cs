using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Features.Idempotency;
using Ghiseu.Features.Identity;

namespace Ghiseu.Features.Cases;

/// <summary>Endpoints that change a case; the rules themselves live on <see cref="Case"/> and in <see cref="CaseWork"/>.</summary>
public static class CaseWorkEndpoints
{
    public sealed record StatusRequest(CaseStatus Status, [StringLength(20000)] string? Note = null);
    public sealed record AssignRequest(string? Assignee);
    public sealed record NoteRequest([Required, StringLength(20000, MinimumLength = 1)] string Body);
    public sealed record MessageRequest([Required, StringLength(20000, MinimumLength = 1)] string Body, Channel? Channel = null);
    public sealed record MergeRequest([Required] string Into);
    public sealed record OutcomeRequest([Required, StringLength(4000, MinimumLength = 1)] string Outcome);

    public static void Map(RouteGroupBuilder g)
    {
        var work = g.MapGroup("/{id}").RequireAuthorization(Roles.CaseWorkPolicy);
        work.MapPatch("", (string id, HttpRequest http, CaseWork cw, CancellationToken ct) => cw.PatchAsync(id, http, ct))
            .Accepts<CasePatch>("application/merge-patch+json", "application/json")
            .WithSummary("Changes editable fields (JSON merge patch). Send If-Match with the ETag to avoid overwriting a colleague's change.");
        work.MapPost("/status", (string id, StatusRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.ChangeAsync(id, http, c => cw.Transition(c, r.Status, r.Note, u, ct), ct))
            .WithSummary("Moves the case to another status; illegal transitions answer 409.");
        work.MapPost("/assign", (string id, AssignRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.AssignAsync(id, r.Assignee, http, u, ct)).WithSummary("Assigns the case to a staff member (id, email or \"me\"), or unassigns it with null.");
        work.MapPost("/notes", (string id, NoteRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.ChangeAsync(id, http, c => Task.FromResult(cw.Note(c, r.Body, u)), ct)).Idempotent<Case>(CaseReplays.Changed)
            .WithSummary("Adds an internal note, never shown to the citizen.");
        work.MapPost("/messages", (string id, MessageRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.ChangeAsync(id, http, c => cw.Message(c, r.Body, r.Channel, u, ct), ct)).Idempotent<Case>(CaseReplays.Changed)
            .WithSummary("Replies to the citizen on a channel (by default the case's own); delivery goes through the outbox.");
        work.MapPost("/links", (string id, LinkRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.LinkAsync(id, r, http, u, ct)).WithSummary("Links the case to another: duplicateOf, related or parent.");
        work.MapPost("/merge", (string id, MergeRequest r, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.MergeAsync(id, r.Into, u, ct)).WithSummary("Merges this case into another: its timeline moves over and it is closed as a duplicate.");
        work.MapPost("/referrals", (string id, ReferralRequest r, HttpRequest http, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.ChangeAsync(id, http, c => Task.FromResult(cw.Refer(c, r, u)), ct)).Idempotent<Case>(CaseReplays.Changed)
            .WithSummary("Refers the case to an authority (police, ambulance, fire service, MAI, another ministry) and records it.");
        work.MapPost("/referrals/{referralId:guid}/outcome", (string id, Guid referralId, OutcomeRequest r, ClaimsPrincipal u, CaseWork cw, CancellationToken ct) =>
            cw.RecordOutcomeAsync(id, referralId, r.Outcome, u, ct)).WithSummary("Records what the authority did with a referral.");
    }
}

/// <summary>The fields a merge patch may change; null clears location, queue and fields.</summary>
public sealed record CasePatch(string? Subject, string? Description, Priority? Priority, string? Category, string? Queue,
    List<string>? Tags, LocationDto? Location, Dictionary<string, string>? Fields);
