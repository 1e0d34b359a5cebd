using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Portal;

/// <summary>What a citizen does on the portal: file a request, write back, rate the answer. Used by the pages and the API alike.</summary>
public sealed class PortalSubmissions(CaseIntake intake, AttachmentService attachments, GhiseuDb db, IOptions<PortalLinkOptions> portal, TimeProvider clock)
{
    public sealed record Outcome(PortalReceipt? Receipt, List<(string Field, string Message)> Errors);

    /// <summary>Registers the request with its files, all or nothing.</summary>
    /// <param name="r">The request.</param>
    /// <param name="files">Its files, stored only if everything is valid.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="formErrors">Errors the caller's form found itself (a required file missing), reported with the rest.</param>
    public async Task<Outcome> SubmitAsync(PortalRequest r, IReadOnlyList<IFormFile> files, CancellationToken ct,
        IReadOnlyList<(string Field, string Message)>? formErrors = null)
    {
        List<(string Field, string Message)> errors = [.. formErrors ?? [], .. PortalRules.Check(r)];
        if (r.Citizen is null || r.Unit is null || r.Category is null) return new Outcome(null, errors);
        var description = r.Description ?? "";
        var subject = string.IsNullOrWhiteSpace(r.Subject) ? PortalRules.SubjectFrom(description) : r.Subject.Trim();
        var request = new CreateCaseRequest(r.Unit, r.Category, subject, description, Channel.Portal, r.Citizen, null, r.Location, r.Fields,
            ReplyChannel: r.ReplyChannel);
        // The intake checks the citizen, the category's fields and the files too, and reports all errors at once.
        var result = await intake.CreateAsync(request, staffScoped: false, ct,
            attach: files.Count == 0 ? null : async (c, first) => (await attachments.AddAsync(c.Id, c.UnitId, first.Id, null, files, ct)).Errors,
            precheck: errors);
        if (result.Case is not { } created) return new Outcome(null, result.Errors);
        return new Outcome(new PortalReceipt(created.RegistrationNumber, created.TrackingCode, PortalRules.TrackingUrl(portal.Value, created)), []);
    }

    /// <summary>The citizen writes back; a case waiting for them goes back to work. Errors are field errors; a closed case throws.</summary>
    public async Task<List<(string Field, string Message)>> ReplyAsync(Case c, string? body, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body) && files.Count == 0) return [("body", PortalText.ReplyEmpty)];
        if (body?.Length > 20000) return [("body", PortalText.ReplyTooLong)];
        if (c.Status == CaseStatus.Closed) throw new DomainException("case-closed", PortalText.ReplyClosed);
        var now = clock.GetUtcNow();
        var citizenName = await db.Citizens.IgnoreQueryFilters().Where(x => x.Id == c.CitizenId).Select(x => x.Name).FirstAsync(ct);
        var message = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = InteractionKind.PortalMessage, Direction = Direction.Inbound, Channel = Channel.Portal,
            At = now, AuthorName = citizenName, Body = body?.Trim() ?? "", Public = true,
        };
        if (files.Count > 0 && (await attachments.AddAsync(c.Id, c.UnitId, message.Id, null, files, ct)).Errors is { Count: > 0 } errors)
            return errors;
        db.Interactions.Add(message);
        c.CitizenReplied(now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Rates the answer of a resolved request; the case's own rules refuse anything else.</summary>
    public async Task RateAsync(Case c, int score, string? comment, CancellationToken ct)
    {
        c.Rate(score, comment is { Length: > 2000 } ? comment[..2000] : comment, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
