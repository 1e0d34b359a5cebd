using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Portal;

/// <summary>What a citizen does on the portal: file a request, write back, rate the answer. Used by the pages and the API alike.</summary>
public sealed class PortalSubmissions(CaseIntake intake, CitizenMessages messages, AttachmentService attachments, GhiseuDb db,
    IOptions<PortalLinkOptions> portal, TimeProvider clock)
{
    /// <summary>Registers the request with its files, all or nothing.</summary>
    /// <param name="r">The request.</param>
    /// <param name="files">Its files, stored only if everything is valid.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="formErrors">Errors the caller's form found itself (a required file missing), reported with the rest.</param>
    public async Task<Outcome<PortalReceipt>> SubmitAsync(PortalRequest r, IReadOnlyList<IFormFile> files, CancellationToken ct,
        IReadOnlyList<FieldError>? formErrors = null)
    {
        List<FieldError> errors = [.. formErrors ?? [], .. PortalRules.Check(r).Select(e => new FieldError(e.Field, e.Message))];
        if (r.Citizen is null || r.Unit is null || r.Category is null) return new Failure.Invalid(errors);
        var description = r.Description ?? "";
        var subject = string.IsNullOrWhiteSpace(r.Subject) ? PortalRules.SubjectFrom(description) : r.Subject.Trim();
        var request = new CreateCaseRequest(r.Unit, r.Category, subject, description, Channel.Portal, r.Citizen, null, r.Location, r.Fields,
            ReplyChannel: r.ReplyChannel);
        // The intake checks the citizen, the category's fields and the files too, and reports all errors at once.
        var prepared = await intake.PrepareAsync(request, new Actor.Citizen(null, r.Citizen.Name ?? ""), ct, alsoWrong: errors);
        if (prepared.Value is not { } draft) return prepared.Failure!;
        if (files.Count > 0 && (await attachments.AddAsync(draft.Case.Id, draft.Case.UnitId, draft.First.Id, null, files, ct)).Errors is { Count: > 0 } fileErrors)
            return new Failure.Invalid([.. fileErrors.Select(e => new FieldError(e.Field, e.Message))]);
        await using var work = await intake.BeginAsync(draft, ct);
        work.AnnounceReceived();
        await work.CommitAsync(ct);
        var created = draft.Case;
        return new PortalReceipt(created.RegistrationNumber, created.TrackingCode, PortalRules.TrackingUrl(portal.Value, created));
    }

    /// <summary>The citizen writes back with files; the case's rules (see <see cref="CitizenMessages"/>) do the rest.</summary>
    public async Task<Failure?> ReplyAsync(Case c, string? body, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body) && files.Count == 0) return new Failure.Invalid("body", PortalText.ReplyEmpty);
        if (body?.Length > 20000) return new Failure.Invalid("body", PortalText.ReplyTooLong);
        // The tracking code opened the case (and the citizen's scope, see PortalCases): its citizen is the one writing.
        var name = await db.Citizens.Where(x => x.Id == c.CitizenId).Select(x => x.Name).FirstAsync(ct);
        var added = messages.Add(c, new InboundMessage(Channel.Portal, body?.Trim() ?? ""), new Actor.Citizen(c.CitizenId, name));
        if (added.Value is not { } message) return added.Failure;
        if (files.Count > 0 && (await attachments.AddAsync(c.Id, c.UnitId, message.Id, null, files, ct)).Errors is { Count: > 0 } errors)
            return new Failure.Invalid([.. errors.Select(e => new FieldError(e.Field, e.Message))]);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Rates the answer of a resolved request; the case's own rules refuse anything else.</summary>
    public async Task RateAsync(Case c, int score, string? comment, CancellationToken ct)
    {
        c.Rate(score, comment is { Length: > 2000 } ? comment[..2000] : comment, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
