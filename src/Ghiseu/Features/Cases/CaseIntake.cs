using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Ghiseu.Web.Resources;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>
/// Creates a case from any channel: validates, matches the citizen, routes to the category's queue,
/// sets the deadlines, numbers it and records the event in the outbox, all in one transaction.
/// </summary>
public sealed class CaseIntake(GhiseuDb db, UnitDirectory units, CategoryCatalog categories, CitizenDirectory citizens, Notifier notifier, TimeProvider clock)
{
    public sealed record Result(Case? Case, List<(string Field, string Message)> Errors)
    {
        /// <summary>What a new case was registered with, so the answer needs no reading back.</summary>
        public CaseParts? Parts { get; init; }
    }

    /// <param name="request">What was submitted.</param>
    /// <param name="staffScoped">True for staff: the unit must be one of theirs (else: no such unit).</param>
    /// <param name="attach">Adds files to the new case and its first message before anything is saved; returns errors to refuse the request.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="precheck">The caller's own errors, reported together with these rules' so a form is corrected in one go.</param>
    /// <param name="announce">Tells the citizen the registration number, once it is given; by default the "received"
    /// notification. The email channel answers with a threaded auto-reply instead (or not at all, to a machine).</param>
    /// <param name="senderVerified">The channel authenticated the sender's address (see <see cref="CitizenDirectory.FindOrCreateAsync"/>).</param>
    /// <param name="senderRefuted">The channel found the sender's address forged: it joins no citizen (see <see cref="CitizenDirectory.FindOrCreateAsync"/>).</param>
    public async Task<Result> CreateAsync(CreateCaseRequest request, bool staffScoped, CancellationToken ct,
        Func<Case, Interaction, Task<List<(string, string)>>>? attach = null, IReadOnlyList<(string, string)>? precheck = null,
        Func<Case, Citizen, Unit, Task>? announce = null, bool senderVerified = false, bool senderRefuted = false)
    {
        var errors = new List<(string, string)>(precheck ?? []);
        var unit = await units.FindAsync(request.Unit, ct);
        if (unit is null || (staffScoped && !db.Scope.Allows(unit.Id)))
            return new Result(null, [.. errors, ("unit", Messages.NoSuchUnit)]);
        var category = await categories.FindAsync(unit.Id, request.Category, ct);
        if (category is null) return new Result(null, [.. errors, ("category", string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.NoSuchCategory, unit.Code))]);
        var contact = new CitizenContact(request.Citizen.Name ?? "", request.Citizen.Email, request.Citizen.Phone,
            request.Citizen.Language, request.Citizen.Country, request.Citizen.Cnp);
        errors.AddRange(CitizenDirectory.Validate(contact));
        errors.AddRange(FieldValidation.Check(category, request.Fields));
        if (CaseTags.Check(request.Tags) is { } tagError) errors.Add(("tags", tagError));
        var queueCode = request.Queue ?? category.DefaultQueueCode;
        var queue = queueCode is null ? null : await QueueAsync(unit.Id, queueCode, ct);
        if (request.Queue is not null && queue is null) errors.Add(("queue", $"Unit {unit.Code} has no queue {request.Queue}."));
        if (errors.Count > 0) return new Result(null, errors);

        var now = clock.GetUtcNow();
        var source = staffScoped ? ContactSource.Staff : CitizenDirectory.SourceOf(request.Channel);
        var citizen = await citizens.FindOrCreateAsync(contact, staffScoped ? unit.Id : null, source, ct, senderVerified, senderRefuted);
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
        var first = FirstMessage(@case, citizen.Name);
        if (attach is not null && await attach(@case, first) is { Count: > 0 } fileErrors) return new Result(null, fileErrors);

        // The transaction starts with the counter update: see RegistrationNumbers. Inside a caller's
        // transaction (the email channel registers a batch of messages at once) the caller commits.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var year = TimeZoneInfo.ConvertTime(now, Deadlines.Zone(unit)).Year;
        @case.RegistrationNumber = RegistrationNumbers.Format(unit.Code, year, await RegistrationNumbers.NextAsync(db, unit.Id, year, ct));
        @case.Touch(now);
        db.Cases.Add(@case);
        db.Interactions.Add(first);
        if (announce is null) notifier.Enqueue(NotificationTemplates.Received, @case, citizen, unit);
        else await announce(@case, citizen, unit);
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
        Web.Metrics.CasesCreated.Add(1, new KeyValuePair<string, object?>("channel", Json.Name(request.Channel)));
        return new Result(@case, errors) { Parts = new CaseParts(unit, queue, category, citizen) };
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
        AuthorName = citizenName, Body = c.Description, Public = true,
        Kind = c.Channel switch
        {
            Channel.Email => InteractionKind.Email,
            Channel.Phone => InteractionKind.Call,
            Channel.Chat => InteractionKind.Chat,
            Channel.Sms => InteractionKind.Sms,
            Channel.Messaging => InteractionKind.Messaging,
            _ => InteractionKind.PortalMessage,
        },
    };
}
