using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Ghiseu.Web.Resources;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>How far a channel vouches for the sender's address (see <see cref="CitizenDirectory.FindOrCreateAsync"/>).</summary>
public enum SenderProof { Claimed, Verified, Refuted }

/// <summary>
/// Opens a case from any channel: validates, matches the citizen, routes to the category's queue,
/// sets the deadlines and numbers it, all in one transaction. A channel with work of its own
/// (files, the raw message marked processed, its own answer) does it between the steps, in the
/// same unit of work: <see cref="PrepareAsync"/>, then its changes on the draft and the context,
/// then <see cref="BeginAsync"/> (numbering), then <see cref="IntakeWork.CommitAsync"/>.
/// <see cref="CreateAsync"/> runs the steps for a channel without such work.
/// </summary>
public sealed class CaseIntake(GhiseuDb db, UnitDirectory units, CategoryCatalog categories, CitizenDirectory citizens, Notifier notifier, TimeProvider clock)
{
    /// <summary>Registers the request and tells the citizen with the "received" notification.</summary>
    public async Task<Outcome<CaseDraft>> CreateAsync(CreateCaseRequest request, Actor actor, CancellationToken ct)
    {
        var prepared = await PrepareAsync(request, actor, ct);
        if (prepared.Value is not { } draft) return prepared;
        await using var work = await BeginAsync(draft, ct);
        work.AnnounceReceived();
        await work.CommitAsync(ct);
        return draft;
    }

    /// <summary>
    /// Checks the request and builds the case and its first message, not yet numbered or saved.
    /// Staff may open cases only in their units (another unit answers as if it did not exist).
    /// </summary>
    /// <param name="request">What was submitted.</param>
    /// <param name="actor">Who submits it.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="alsoWrong">The channel's own errors, reported with these rules' so a form is corrected in one go.</param>
    /// <param name="sender">What the channel proved about the sender's address.</param>
    public async Task<Outcome<CaseDraft>> PrepareAsync(CreateCaseRequest request, Actor actor, CancellationToken ct,
        IReadOnlyList<FieldError>? alsoWrong = null, SenderProof sender = SenderProof.Claimed)
    {
        var errors = new List<FieldError>(alsoWrong ?? []);
        var staff = actor as Actor.Staff;
        var unit = await units.FindAsync(request.Unit, ct);
        if (unit is null || (staff is not null && !staff.Scope.Allows(unit.Id)))
            return new Failure.Invalid([.. errors, new("unit", Messages.NoSuchUnit)]);
        var category = await categories.FindAsync(unit.Id, request.Category, ct);
        if (category is null)
            return new Failure.Invalid([.. errors, new("category", string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.NoSuchCategory, unit.Code))]);
        var contact = new CitizenContact(request.Citizen.Name ?? "", request.Citizen.Email, request.Citizen.Phone,
            request.Citizen.Language, request.Citizen.Country, request.Citizen.Cnp);
        errors.AddRange(CitizenDirectory.Validate(contact).Select(e => new FieldError(e.Field, e.Message)));
        errors.AddRange(FieldValidation.Check(category, request.Fields).Select(e => new FieldError(e.Field, e.Message)));
        if (CaseTags.Check(request.Tags) is { } tagError) errors.Add(new("tags", tagError));
        var queueCode = request.Queue ?? category.DefaultQueueCode;
        var queue = queueCode is null ? null : await QueueAsync(unit.Id, queueCode, ct);
        if (request.Queue is not null && queue is null) errors.Add(new("queue", $"Unit {unit.Code} has no queue {request.Queue}."));
        if (errors.Count > 0) return new Failure.Invalid(errors);

        var now = clock.GetUtcNow();
        var source = staff is not null ? ContactSource.Staff : CitizenDirectory.SourceOf(request.Channel);
        var citizen = await citizens.FindOrCreateAsync(contact, staff is not null ? unit.Id : null, source, ct,
            senderVerified: sender == SenderProof.Verified, senderRefuted: sender == SenderProof.Refuted);
        var @case = new Case
        {
            UnitId = unit.Id, QueueId = queue?.Id, CategoryId = category.Id, CitizenId = citizen.Id,
            ContactEmail = ContactNormalizer.Email(contact.Email), ContactPhone = ContactNormalizer.Phone(contact.Phone),
            Subject = request.Subject.Trim(), Description = request.Description.Trim(), Channel = request.Channel, ReplyChannel = request.ReplyChannel,
            Priority = request.Priority ?? category.DefaultPriority, CreatedAt = now, TrackingCode = TrackingCodes.New(),
            Latitude = request.Location?.Lat, Longitude = request.Location?.Lon, Address = request.Location?.Address,
            Tags = CaseTags.Normalize(request.Tags),
            Fields = request.Fields ?? [],
        };
        Deadlines.Apply(@case, category, unit, now);
        return new CaseDraft(@case, FirstMessage(@case, citizen.Name), new CaseParts(unit, queue, category, citizen));
    }

    /// <summary>
    /// Numbers the draft and adds it to the unit of work. The transaction starts with the counter
    /// update (see RegistrationNumbers); inside a caller's transaction (the email channel registers a
    /// batch of messages at once) the caller commits.
    /// </summary>
    public async Task<IntakeWork> BeginAsync(CaseDraft draft, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var c = draft.Case;
            var now = clock.GetUtcNow();
            var year = TimeZoneInfo.ConvertTime(c.CreatedAt, Deadlines.Zone(draft.Parts.Unit)).Year;
            c.RegistrationNumber = RegistrationNumbers.Format(draft.Parts.Unit.Code, year, await RegistrationNumbers.NextAsync(db, c.UnitId, year, ct));
            c.Touch(now);
            db.Cases.Add(c);
            db.Interactions.Add(draft.First);
            return new IntakeWork(db, notifier, draft, tx);
        }
        catch
        {
            if (tx is not null) await tx.DisposeAsync();
            throw;
        }
    }

    // Per scope: a batch of email registers many cases into the same few queues. A queue not found is
    // asked for again next time (it may have been created since, in a long-lived desk session).
    private readonly ScopeMemo<(Guid UnitId, string Code), Queue?> queues = new();

    private Task<Queue?> QueueAsync(Guid unitId, string code, CancellationToken ct) => queues.GetAsync((unitId, code),
        k => db.Queues.AsNoTracking().FirstOrDefaultAsync(q => q.UnitId == k.UnitId && q.Code == k.Code, ct), keepMissing: false);

    /// <summary>The request itself, as the first entry of the timeline, in the form of its channel.</summary>
    private static Interaction FirstMessage(Case c, string citizenName) => new()
    {
        CaseId = c.Id, UnitId = c.UnitId, Direction = Direction.Inbound, Channel = c.Channel, At = c.CreatedAt,
        AuthorName = citizenName, Body = c.Description, Public = true, Kind = Interaction.KindOf(c.Channel),
    };
}

/// <summary>A new case with its first message and what it was registered with, so the answer needs no reading back.</summary>
public sealed record CaseDraft(Case Case, Interaction First, CaseParts Parts);

/// <summary>
/// A numbered case in the unit of work, until <see cref="CommitAsync"/> saves it with whatever the
/// channel added to the same context. Disposed without a commit, its own transaction rolls back.
/// </summary>
public sealed class IntakeWork(GhiseuDb db, Notifier notifier, CaseDraft draft, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx) : IAsyncDisposable
{
    /// <summary>The "received" notification with the registration number, by email and SMS.</summary>
    public void AnnounceReceived() => notifier.Enqueue(NotificationTemplates.Received, draft.Case, draft.Parts.Citizen, draft.Parts.Unit);

    public async Task CommitAsync(CancellationToken ct)
    {
        // The one save of our own transaction: if it fails, the whole transaction is rolled back, so
        // EF Core's automatic savepoint around it (two more round trips) would protect nothing.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        if (tx is not null) await tx.CommitAsync(ct);
        Web.Metrics.CasesCreated.Add(1, new KeyValuePair<string, object?>("channel", Json.Name(draft.Case.Channel)));
    }

    public ValueTask DisposeAsync() => tx?.DisposeAsync() ?? ValueTask.CompletedTask;
}
