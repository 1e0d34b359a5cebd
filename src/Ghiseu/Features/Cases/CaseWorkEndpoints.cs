using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Idempotency;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using CaseAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<Ghiseu.Features.Cases.CaseDto>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace Ghiseu.Features.Cases;

/// <summary>
/// Endpoints that change a case: each reads the request into a <see cref="CaseWork"/> command with the
/// signed-in staff member as actor and If-Match as the expected version, and maps its outcome to the case
/// (with its ETag) or to problem details.
/// </summary>
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
        work.MapPatch("", PatchAsync).Accepts<CasePatch>("application/merge-patch+json", "application/json").ProducesProblems(404, 412)
            .WithSummary("Changes editable fields (JSON merge patch). Send If-Match with the ETag to avoid overwriting a colleague's change.");
        work.MapPost("/status", async Task<CaseAnswer> (string id, StatusRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.TransitionAsync(id, r.Status, r.Note, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct))
            .ProducesProblems(404, 409, 412).WithSummary("Moves the case to another status; illegal transitions answer 409.");
        work.MapPost("/assign", async Task<CaseAnswer> (string id, AssignRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.AssignAsync(id, r.Assignee, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct))
            .ProducesProblems(404, 409, 412).WithSummary("Assigns the case to a staff member (id, email or \"me\"), or unassigns it with null.");
        work.MapPost("/notes", async Task<CaseAnswer> (string id, NoteRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.NoteAsync(id, r.Body, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct))
            .Idempotent<Case>(CaseEndpoints.ReplayChangedAsync).ProducesProblems(404, 412)
            .WithSummary("Adds an internal note, never shown to the citizen.");
        work.MapPost("/messages", async Task<CaseAnswer> (string id, MessageRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.MessageAsync(id, r.Body, r.Channel, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct))
            .Idempotent<Case>(CaseEndpoints.ReplayChangedAsync).ProducesProblems(404, 409, 412, 422)
            .WithSummary("Replies to the citizen on a channel (by default the case's own); delivery goes through the outbox.");
        // A link was never checked against If-Match: it adds to the case without overwriting anything.
        work.MapPost("/links", async Task<CaseAnswer> (string id, LinkRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.LinkAsync(id, r, Staff(http, db), null, ct), http, reader, ct))
            .ProducesProblems(404, 409).WithSummary("Links the case to another: duplicateOf, related or parent.");
        work.MapPost("/merge", async Task<CaseAnswer> (string id, MergeRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.MergeAsync(id, r.Into, Staff(http, db), ct), http, reader, ct, etag: false))
            .ProducesProblems(404, 409).WithSummary("Merges this case into another: its timeline moves over and it is closed as a duplicate.");
        work.MapPost("/referrals", async Task<CaseAnswer> (string id, ReferralRequest r, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct) =>
            await AnswerAsync(await cw.ReferAsync(id, r, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct))
            .Idempotent<Case>(CaseEndpoints.ReplayChangedAsync).ProducesProblems(404, 412)
            .WithSummary("Refers the case to an authority (police, ambulance, fire service, MAI, another ministry) and records it.");
        work.MapPost("/referrals/{referralId:guid}/outcome", OutcomeAsync).ProducesProblems(404)
            .WithSummary("Records what the authority did with a referral.");
    }

    /// <summary>The caller as the actor of a command, with their request's unit scope.</summary>
    internal static Actor.Staff Staff(HttpContext http, GhiseuDb db) => http.User.Actor(db.Scope);

    private static async Task<CaseAnswer> AnswerAsync(Outcome<Case> outcome, HttpContext http, CaseReader reader, CancellationToken ct, bool etag = true)
    {
        if (outcome.Failure is { } failure) return ProblemResults.For<Ok<CaseDto>>(failure);
        var c = outcome.Value!;
        if (etag) http.Response.Headers.ETag = CaseReader.ETag(c);
        return TypedResults.Ok(await reader.ToDtoAsync(c, ct));
    }

    /// <summary>Reads the merge patch: which members are present decides what changes, so the body is read as a document.</summary>
    private static async Task<CaseAnswer> PatchAsync(string id, HttpContext http, GhiseuDb db, CaseWork cw, CaseReader reader, CancellationToken ct)
    {
        using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            return ProblemResults.For<Ok<CaseDto>>(new Failure.Invalid("", "The body must be a JSON object."));
        var patch = doc.RootElement.Deserialize<CasePatch>(Json.Options)!;
        var present = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        return await AnswerAsync(await cw.PatchAsync(id, patch, present, Staff(http, db), ETags.Expected(http.Request), ct), http, reader, ct);
    }

    private static async Task<Results<Ok<ReferralDto>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(string id, Guid referralId, OutcomeRequest r,
        HttpContext http, GhiseuDb db, CaseWork cw, CancellationToken ct)
    {
        var outcome = await cw.RecordOutcomeAsync(id, referralId, r.Outcome, Staff(http, db), ct);
        if (outcome.Failure is { } failure) return ProblemResults.For<Ok<ReferralDto>>(failure);
        var x = outcome.Value!;
        return TypedResults.Ok(new ReferralDto(x.Id, x.Authority, x.AuthorityName, x.Reason, x.ReferredAt, x.Outcome, x.OutcomeAt));
    }
}

/// <summary>The fields a merge patch may change; null clears location, queue and fields.</summary>
public sealed record CasePatch(string? Subject, string? Description, Priority? Priority, string? Category, string? Queue,
    List<string>? Tags, LocationDto? Location, Dictionary<string, string>? Fields);

/// <summary>A referral to another authority and, once recorded, what it did.</summary>
public sealed record ReferralDto(Guid Id, Authority Authority, string? AuthorityName, string Reason, DateTimeOffset ReferredAt,
    string? Outcome, DateTimeOffset? OutcomeAt);
