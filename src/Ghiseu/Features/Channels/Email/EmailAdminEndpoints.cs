using System.ComponentModel.DataAnnotations;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Administration of the email channel: addresses and aliases, IMAP accounts, unit signatures and auto-replies.</summary>
public static partial class EmailEndpoints
{
    public sealed record AddressRequest([Required, EmailAddress, StringLength(254)] string Address, string? Unit, [StringLength(64)] string? Queue,
        [StringLength(64)] string? Category, Guid? AliasOf, [Range(1024, int.MaxValue)] long? MaxMessageBytes);
    public sealed record AddressDto(Guid Id, string Address, string Unit, string? Queue, string? Category, Guid? AliasOf, long? MaxMessageBytes);
    public sealed record ImapRequest([Required, StringLength(100)] string Name, [Required, StringLength(253)] string Host, [Range(1, 65535)] int Port,
        bool UseTls, [Required, StringLength(254)] string User, [StringLength(1000)] string? Password, [StringLength(200)] string? Folder,
        [Required] string Unit, AfterImport AfterImport = AfterImport.Delete, [StringLength(200)] string? MoveTo = null, bool Enabled = true);
    public sealed record ImapDto(Guid Id, string Name, string Host, int Port, bool UseTls, string User, string Folder, string Unit,
        AfterImport AfterImport, string? MoveTo, bool Enabled, DateTimeOffset? LastPolledAt, string? LastError);
    public sealed record ProfileDto([StringLength(2000)] string? SignatureRo, [StringLength(2000)] string? SignatureEn,
        [StringLength(300)] string? AutoReplySubjectRo, [StringLength(8000)] string? AutoReplyBodyRo,
        [StringLength(300)] string? AutoReplySubjectEn, [StringLength(8000)] string? AutoReplyBodyEn);

    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/email").WithTags("Email").RequireAuthorization(Roles.SystemAdminPolicy);
        admin.MapGet("/addresses", ListAddressesAsync).WithSummary("Addresses and aliases mail is accepted for (units' own addresses are accepted too).");
        admin.MapPost("/addresses", (AddressRequest r, GhiseuDb db, UnitDirectory u, CategoryCatalog c, EmailRouting routing, CancellationToken ct) =>
            SaveAddressAsync(null, r, db, u, c, routing, ct)).WithSummary("Adds an address or an alias.");
        admin.MapPut("/addresses/{id:guid}", (Guid id, AddressRequest r, GhiseuDb db, UnitDirectory u, CategoryCatalog c, EmailRouting routing, CancellationToken ct) =>
            SaveAddressAsync(id, r, db, u, c, routing, ct)).WithSummary("Changes an address or an alias.");
        admin.MapDelete("/addresses/{id:guid}", DeleteAddressAsync).WithSummary("Removes an address (and its aliases).");
        admin.MapGet("/imap-accounts", ListImapAsync).WithSummary("IMAP mailboxes polled for mail; passwords are never shown.");
        admin.MapPost("/imap-accounts", (ImapRequest r, GhiseuDb db, UnitDirectory u, PasswordImapAuthenticator p, CancellationToken ct) =>
            SaveImapAsync(null, r, db, u, p, ct)).WithSummary("Adds an IMAP mailbox.");
        admin.MapPut("/imap-accounts/{id:guid}", (Guid id, ImapRequest r, GhiseuDb db, UnitDirectory u, PasswordImapAuthenticator p, CancellationToken ct) =>
            SaveImapAsync(id, r, db, u, p, ct)).WithSummary("Changes an IMAP mailbox; without a password the old one stays.");
        admin.MapDelete("/imap-accounts/{id:guid}", DeleteImapAsync).WithSummary("Stops polling a mailbox.");

        var units = app.MapGroup("/api/v1/email/units/{unit}").WithTags("Email").RequireAuthorization(Roles.UnitAdminPolicy);
        units.MapGet("/profile", GetProfileAsync).WithSummary("A unit's signatures and auto-reply templates.");
        units.MapPut("/profile", PutProfileAsync).WithSummary("Sets a unit's signatures (ro/en) and auto-reply templates with {registrationNumber}, {trackingUrl}, {citizenName}, {subject}, {unitName}.");
        MapInbound(app);
        return app;
    }

    internal static async Task<List<AddressDto>> ListAddressesAsync(GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        return (await db.EmailAddresses.AsNoTracking().OrderBy(a => a.Address).ToListAsync(ct))
            .Select(a => new AddressDto(a.Id, a.Address, tree.ById[a.UnitId].Code, a.QueueCode, a.CategoryCode, a.AliasOfId, a.MaxMessageBytes)).ToList();
    }

    internal static async Task<IResult> SaveAddressAsync(Guid? id, AddressRequest r, GhiseuDb db, UnitDirectory units, CategoryCatalog categories,
        EmailRouting routing, CancellationToken ct)
    {
        var address = r.Address.Trim().ToLowerInvariant();
        var row = id is null ? new EmailAddress { Address = address } : await db.EmailAddresses.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return Problems.NotFound();
        if (await db.EmailAddresses.AnyAsync(a => a.Address == address && a.Id != row.Id, ct)) return Problems.Validation(("address", EmailTexts.Get("AddressTaken")));
        if (r.AliasOf is { } target)
        {
            var main = await db.EmailAddresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == target, ct);
            if (main is null) return Problems.Validation(("aliasOf", EmailTexts.Get("AddressNotOurs")));
            if (main.AliasOfId is not null || main.Id == row.Id) return Problems.Validation(("aliasOf", EmailTexts.Get("AliasOfAlias")));
            row.UnitId = main.UnitId;
        }
        else
        {
            var unit = await units.FindAsync(r.Unit, ct);
            if (unit is null) return Problems.Validation(("unit", Web.Resources.Messages.NoSuchUnit));
            if (r.Queue is not null && !await db.Queues.AnyAsync(q => q.UnitId == unit.Id && q.Code == r.Queue, ct))
                return Problems.Validation(("queue", EmailTexts.Get("NoSuchQueue")));
            if (r.Category is not null)
            {
                var category = await categories.FindAsync(unit.Id, r.Category, ct);
                if (category is null) return Problems.Validation(("category", EmailTexts.Get("NoSuchCategory")));
                // Mail cannot fill in a form: a category that requires fields would send every message to quarantine.
                if (category.Fields.Any(x => x.Required)) return Problems.Validation(("category", EmailTexts.Get("CategoryHasRequiredFields")));
            }
            row.UnitId = unit.Id;
        }
        row.Address = address;
        row.AliasOfId = r.AliasOf;
        row.QueueCode = r.AliasOf is null ? r.Queue : null;
        row.CategoryCode = r.AliasOf is null ? r.Category : null;
        row.MaxMessageBytes = r.MaxMessageBytes;
        if (id is null) db.EmailAddresses.Add(row);
        await db.SaveChangesAsync(ct);
        routing.Invalidate();
        var dto = new AddressDto(row.Id, row.Address, (await units.GetAsync(ct)).ById[row.UnitId].Code, row.QueueCode, row.CategoryCode, row.AliasOfId, row.MaxMessageBytes);
        return id is null ? TypedResults.Created($"/api/v1/email/addresses/{row.Id}", dto) : TypedResults.Ok(dto);
    }

    internal static async Task<IResult> DeleteAddressAsync(Guid id, GhiseuDb db, EmailRouting routing, CancellationToken ct)
    {
        var row = await db.EmailAddresses.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return Problems.NotFound();
        db.EmailAddresses.RemoveRange(await db.EmailAddresses.Where(a => a.AliasOfId == id).ToListAsync(ct));
        db.EmailAddresses.Remove(row);
        await db.SaveChangesAsync(ct);
        routing.Invalidate();
        return TypedResults.NoContent();
    }

    internal static async Task<List<ImapDto>> ListImapAsync(GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        return (await db.ImapAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct)).Select(a => ToDto(a, tree.ById[a.UnitId].Code)).ToList();
    }

    private static ImapDto ToDto(ImapAccount a, string unit) =>
        new(a.Id, a.Name, a.Host, a.Port, a.UseTls, a.User, a.Folder, unit, a.AfterImport, a.MoveTo, a.Enabled, a.LastPolledAt, a.LastError);

    internal static async Task<IResult> SaveImapAsync(Guid? id, ImapRequest r, GhiseuDb db, UnitDirectory units, PasswordImapAuthenticator secrets, CancellationToken ct)
    {
        var unit = await units.FindAsync(r.Unit, ct);
        if (unit is null) return Problems.Validation(("unit", Web.Resources.Messages.NoSuchUnit));
        var row = id is null ? new ImapAccount { Name = r.Name, Host = r.Host, User = r.User } : await db.ImapAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return Problems.NotFound();
        if (id is null && string.IsNullOrEmpty(r.Password)) return Problems.Validation(("password", EmailTexts.Get("SecretRequired")));
        (row.Name, row.Host, row.Port, row.UseTls, row.User, row.Folder) = (r.Name.Trim(), r.Host.Trim(), r.Port, r.UseTls, r.User.Trim(), r.Folder ?? "INBOX");
        (row.UnitId, row.AfterImport, row.MoveTo, row.Enabled) = (unit.Id, r.AfterImport, r.MoveTo, r.Enabled);
        if (!string.IsNullOrEmpty(r.Password)) row.ProtectedSecret = secrets.Protect(r.Password);
        if (id is null) db.ImapAccounts.Add(row);
        await db.SaveChangesAsync(ct);
        return id is null ? TypedResults.Created($"/api/v1/email/imap-accounts/{row.Id}", ToDto(row, unit.Code)) : TypedResults.Ok(ToDto(row, unit.Code));
    }

    internal static async Task<IResult> DeleteImapAsync(Guid id, GhiseuDb db, CancellationToken ct) =>
        await db.ImapAccounts.Where(a => a.Id == id).ExecuteDeleteAsync(ct) > 0 ? TypedResults.NoContent() : Problems.NotFound();

    internal static async Task<IResult> GetProfileAsync(string unit, GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var u = await units.FindAsync(unit, ct);
        if (u is null || !db.Scope.Allows(u.Id)) return Problems.NotFound();
        var p = await db.UnitEmailProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UnitId == u.Id, ct) ?? new UnitEmailProfile { UnitId = u.Id };
        return TypedResults.Ok(new ProfileDto(p.SignatureRo, p.SignatureEn, p.AutoReplySubjectRo, p.AutoReplyBodyRo, p.AutoReplySubjectEn, p.AutoReplyBodyEn));
    }

    internal static async Task<IResult> PutProfileAsync(string unit, ProfileDto r, GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var u = await units.FindAsync(unit, ct);
        if (u is null || !db.Scope.Allows(u.Id)) return Problems.NotFound();
        var p = await db.UnitEmailProfiles.FirstOrDefaultAsync(x => x.UnitId == u.Id, ct);
        if (p is null) db.UnitEmailProfiles.Add(p = new UnitEmailProfile { UnitId = u.Id });
        static string? N(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        (p.SignatureRo, p.SignatureEn) = (N(r.SignatureRo), N(r.SignatureEn));
        (p.AutoReplySubjectRo, p.AutoReplyBodyRo, p.AutoReplySubjectEn, p.AutoReplyBodyEn) = (N(r.AutoReplySubjectRo), N(r.AutoReplyBodyRo), N(r.AutoReplySubjectEn), N(r.AutoReplyBodyEn));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(r);
    }
}
