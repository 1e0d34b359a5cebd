using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Channels.Email;

public static partial class EmailEndpoints
{
    public sealed record InboundDto(Guid Id, string? MessageId, string Source, string? Sender, string? Subject, string Recipients,
        DateTimeOffset ReceivedAt, InboundState State, int Attempts, string? LastError, string? Outcome, Guid? CaseId, long Size);

    /// <summary>Received mail as administrators see it: the quarantine (with its reasons), the spam queue, and the rest.</summary>
    private static void MapInbound(IEndpointRouteBuilder app)
    {
        var inbound = app.MapGroup("/api/v1/email/inbound").WithTags("Email").RequireAuthorization(Roles.SystemAdminPolicy);
        inbound.MapGet("", ListInboundAsync).WithSummary("Received messages, newest first; state=quarantined for the quarantine, spam for the spam queue.");
        inbound.MapGet("/{id:guid}", async (Guid id, GhiseuDb db, CancellationToken ct) =>
                await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } m ? TypedResults.Ok(ToDto(m)) : Problems.NotFound())
            .WithSummary("One received message, with the reason it is held.");
        inbound.MapGet("/{id:guid}/raw", async (Guid id, GhiseuDb db, FileStore files, CancellationToken ct) =>
                await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } m && files.Open(m.Sha256) is { } s
                    ? TypedResults.Stream(s, "message/rfc822", $"{m.Id}.eml") : Problems.NotFound())
            .WithSummary("The original message as received (.eml).");
        inbound.MapPost("/{id:guid}/retry", RetryAsync)
            .WithSummary("Processes a quarantined, spam or ignored message again (a spam message is then taken as ordinary mail).");
    }

    internal static async Task<IResult> ListInboundAsync(GhiseuDb db, string? state, string? sender, DateTimeOffset? before, int? limit, CancellationToken ct)
    {
        var q = db.InboundEmails.AsNoTracking();
        if (state is not null)
        {
            if (!Json.TryParse<InboundState>(state, out var s)) return Problems.Validation(("state", "pending, processed, quarantined, spam or ignored."));
            q = q.Where(m => m.State == s);
        }
        if (!string.IsNullOrWhiteSpace(sender)) q = q.Where(m => m.Sender == sender.Trim().ToLowerInvariant());
        if (before is not null) q = q.Where(m => m.ReceivedAt < before);
        var rows = await q.OrderByDescending(m => m.Id).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    internal static async Task<IResult> RetryAsync(Guid id, GhiseuDb db, InboundSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var m = await db.InboundEmails.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Problems.NotFound();
        if (m.State is not (InboundState.Quarantined or InboundState.Spam or InboundState.Ignored))
            return Problems.Conflict(EmailTexts.Get("NotQueued"), "not-held");
        m.Released |= m.State == InboundState.Spam;
        (m.State, m.Attempts, m.NextAttemptAt, m.LastError, m.Outcome) = (InboundState.Pending, 0, clock.GetUtcNow(), null, null);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/email/inbound/{m.Id}", ToDto(m));
    }

    private static InboundDto ToDto(InboundEmail m) => new(m.Id, m.MessageId, m.Source, m.Sender, m.Subject, m.Recipients, m.ReceivedAt,
        m.State, m.Attempts, m.LastError, m.Outcome, m.CaseId, m.Size);
}
