using Ghiseu.Data;
using Ghiseu.Web.Resources;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Citizens;

/// <summary>Contact details as given on any channel, before matching.</summary>
public sealed record CitizenContact(string Name, string? Email = null, string? Phone = null, string? Language = null,
    string? Country = null, string? Cnp = null, string? Messaging = null);

/// <summary>Finds the citizen behind contact details so each person has one history, joining records only on proof (see FindOrCreateAsync).</summary>
public sealed class CitizenDirectory(GhiseuDb db, TimeProvider clock)
{
    /// <summary>Validates contact details; returns field errors (empty when valid).</summary>
    public static List<(string Field, string Message)> Validate(CitizenContact c, string prefix = "citizen.")
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 200) errors.Add(($"{prefix}name", Messages.NameRequired));
        if (c.Email is not null && ContactNormalizer.Email(c.Email) is null) errors.Add(($"{prefix}email", Messages.InvalidEmail));
        if (c.Phone is not null && ContactNormalizer.Phone(c.Phone) is null) errors.Add(($"{prefix}phone", Messages.InvalidPhone));
        if (c.Cnp is not null && !Cnp.IsValid(c.Cnp)) errors.Add(($"{prefix}cnp", Messages.InvalidCnp));
        if (c.Language is not null && c.Language is not ("ro" or "en")) errors.Add(($"{prefix}language", Messages.InvalidLanguage));
        if (c.Country is not null && (c.Country.Length != 2 || !c.Country.All(char.IsAsciiLetterUpper))) errors.Add(($"{prefix}country", Messages.InvalidCountry));
        return errors;
    }

    /// <summary>Whether any citizen record, of any unit, holds this (normalized) contact.</summary>
    public Task<bool> AnyHoldsAsync(ContactKind kind, string value, CancellationToken ct) =>
        db.ContactPoints.IgnoreQueryFilters().AnyAsync(p => p.Kind == kind && p.Value == value, ct);

    /// <summary>Citizens of the caller's units by email, phone, CNP or name (diacritics ignored); an error for an unreadable phone.</summary>
    public async Task<(List<Citizen>? Found, string? Error)> SearchAsync(string? email, string? phone, string? cnp, string? name, CancellationToken ct)
    {
        var q = db.Citizens.AsNoTracking().Include(c => c.ContactPoints).Where(c => c.MergedIntoId == null);
        if (email is not null)
        {
            var e = ContactNormalizer.Email(email) ?? email.Trim().ToLowerInvariant();
            q = q.Where(c => ContactPoint.Holders(db, ContactKind.Email, e).Contains(c.Id));
        }
        if (phone is not null)
        {
            var p164 = ContactNormalizer.Phone(phone);
            if (p164 is null) return (null, Messages.InvalidPhone);
            q = q.Where(c => ContactPoint.Holders(db, ContactKind.Phone, p164).Contains(c.Id));
        }
        if (cnp is not null) q = q.Where(c => c.Cnp == cnp.Trim());
        if (!string.IsNullOrWhiteSpace(name))
        {
            foreach (var term in TextFolding.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
                q = q.Where(c => c.SearchName.Contains(term));
        }
        return (await q.OrderBy(c => c.SearchName).Take(50).ToListAsync(ct), null);
    }

    /// <summary>One search box: an address, a CNP, a phone number or else a name.</summary>
    public Task<(List<Citizen>? Found, string? Error)> LookUpAsync(string text, CancellationToken ct)
    {
        var t = text.Trim();
        if (t.Contains('@', StringComparison.Ordinal)) return SearchAsync(t, null, null, null, ct);
        if (t.Length == 13 && Cnp.IsValid(t)) return SearchAsync(null, null, t, null, ct);
        if (t.Count(char.IsAsciiDigit) >= 6 && t.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')' or '.'))
            return SearchAsync(null, t, null, null, ct);
        return SearchAsync(null, null, null, t, ct);
    }

    /// <summary>The citizen of a visible case, with contact points, whatever unit registered them.</summary>
    public Task<Citizen> OfCaseAsync(Guid citizenId, CancellationToken ct) =>
        db.Citizens.IgnoreQueryFilters().Include(x => x.ContactPoints).FirstAsync(x => x.Id == citizenId, ct);

    /// <summary>
    /// Matches by CNP, then email, then phone; otherwise adds a new citizen to the context (saved with
    /// the caller's change). Staff (<paramref name="source"/> = Staff) match any key, but only among the
    /// citizens of their own units: another unit's record is neither shown nor changed. Every other
    /// source (portal, email, calls, chat) matches across units, but only a verified contact point or a
    /// CNP staff confirmed, and adds nothing to the record it joins: what a stranger types never widens
    /// what a signed-in citizen sees or where notifications go. Otherwise the input gets a provisional
    /// citizen of its own. <paramref name="senderVerified"/> is set by a channel that authenticated the
    /// sender's address: that address then counts as proven (verified on the record it joins or makes).
    /// A new record whose keys another record holds without joining it (unproven, or of another unit)
    /// gets "possible same person" suggestions, saved with it, for staff who can see both to decide.
    /// <paramref name="senderRefuted"/> is set by a channel that found the address forged (a DMARC
    /// fail): the address then matches no one, even a citizen who verified it, and suggests no one
    /// either (a forged address is no evidence of the same person); the input gets a provisional
    /// citizen of its own.
    /// </summary>
    public async Task<Citizen> FindOrCreateAsync(CitizenContact c, Guid? unitId, ContactSource source, CancellationToken ct,
        bool senderVerified = false, bool senderRefuted = false)
    {
        var staff = source == ContactSource.Staff;
        var email = ContactNormalizer.Email(c.Email);
        var phone = ContactNormalizer.Phone(c.Phone);
        var messaging = string.IsNullOrWhiteSpace(c.Messaging) ? null : c.Messaging.Trim();
        var candidates = new MatchCandidates();
        Citizen? found = null;
        if (c.Cnp is not null) found = await CnpHolderAsync(c.Cnp, staff, candidates, ct);
        if (found is null && email is not null && (staff || !senderRefuted)) found = await HolderAsync(ContactKind.Email, email, staff, candidates, ct);
        if (found is null && phone is not null) found = await HolderAsync(ContactKind.Phone, phone, staff, candidates, ct);
        var now = clock.GetUtcNow();
        if (found is null)
        {
            found = new Citizen
            {
                Name = c.Name.Trim(), SearchName = TextFolding.Fold(c.Name.Trim()), Cnp = c.Cnp, Country = c.Country,
                Language = c.Language ?? "ro", CreatedAt = now, CreatedInUnitId = unitId,
            };
            db.Citizens.Add(found);
            // A messaging handle never joins records (no channel proves one yet), but it is evidence.
            if (messaging is not null)
                foreach (var id in await ContactPoint.Holders(db, ContactKind.Messaging, messaging).Take(10).ToListAsync(ct))
                    candidates.Note(id, CitizenMatchSuggestion.Keys.Messaging, messaging);
            await candidates.RaiseAsync(db, found, now, ct);
        }
        else if (!staff)
        {
            // Joined by a verified key: the record stays as its owner and staff made it.
            if (senderVerified) AddContact(found, ContactKind.Email, email, source, now, verified: true);
            return found;
        }
        else
        {
            found.Cnp ??= c.Cnp;
            found.Country ??= c.Country;
        }
        AddContact(found, ContactKind.Email, email, source, now, verified: senderVerified && !staff);
        AddContact(found, ContactKind.Phone, phone, source, now, verified: false);
        AddContact(found, ContactKind.Messaging, messaging, source, now, verified: false);
        return found;
    }

    /// <summary>Citizens not merged into another, with their contact points, whatever their unit.</summary>
    private IQueryable<Citizen> Live() => db.Citizens.IgnoreQueryFilters().Include(x => x.ContactPoints).Where(x => x.MergedIntoId == null);

    /// <summary>Live citizens of the caller's units (the unit-scope filter applies).</summary>
    private IQueryable<Citizen> InScope() => db.Citizens.Include(x => x.ContactPoints).Where(x => x.MergedIntoId == null);

    /// <summary>
    /// The match by a contact point, as two reads by key: the holders from the contact point's index,
    /// then a live one by its id. One query joining the two lets PostgreSQL keep a plan made while the
    /// tables were nearly empty (a prepared statement's generic plan), which reads every citizen once
    /// they fill up: 4 ms at 3,000 citizens, until the next ANALYZE. A plan for one key is an index
    /// read whatever the table's size was when it was made. Staff join any holder of their units;
    /// anyone else only a holder who verified the point. The holders not joined are noted as
    /// candidates for a suggestion: the same read, verified ones first, so none is missed behind them.
    /// </summary>
    private async Task<Citizen?> HolderAsync(ContactKind kind, string value, bool staff, MatchCandidates candidates, CancellationToken ct)
    {
        var holders = await db.ContactPoints.Where(p => p.Kind == kind && p.Value == value)
            .OrderBy(p => p.VerifiedAt == null ? 1 : 0).Select(p => new { p.CitizenId, Verified = p.VerifiedAt != null })
            .Take(10).ToListAsync(ct);
        foreach (var h in holders)
        {
            if (staff || h.Verified)
                if (await (staff ? InScope() : Live()).Where(x => x.Id == h.CitizenId).FirstOrDefaultAsync(ct) is { } citizen) return citizen;
            candidates.Note(h.CitizenId, kind == ContactKind.Email ? CitizenMatchSuggestion.Keys.Email : CitizenMatchSuggestion.Keys.Phone, value);
        }
        return null;
    }

    /// <summary>
    /// The match by CNP, read the same way: the live holders from the CNP's index, then one by id. Staff
    /// join a holder of their units; anyone else only one whose CNP staff confirmed.
    /// </summary>
    private async Task<Citizen?> CnpHolderAsync(string cnp, bool staff, MatchCandidates candidates, CancellationToken ct)
    {
        var holders = await db.Citizens.IgnoreQueryFilters().Where(x => x.Cnp == cnp && x.MergedIntoId == null)
            .OrderBy(x => x.CnpVerifiedAt == null ? 1 : 0).Select(x => new { x.Id, Verified = x.CnpVerifiedAt != null })
            .Take(10).ToListAsync(ct);
        foreach (var h in holders)
        {
            if (staff || h.Verified)
                if (await (staff ? InScope() : Live()).Where(x => x.Id == h.Id).FirstOrDefaultAsync(ct) is { } citizen) return citizen;
            candidates.Note(h.Id, CitizenMatchSuggestion.Keys.Cnp, cnp);
        }
        return null;
    }

    /// <summary>A live citizen by id, with contact points, whatever their unit.</summary>
    internal IQueryable<Citizen> ById(Guid id) => Live().Where(x => x.Id == id);

    private void AddContact(Citizen citizen, ContactKind kind, string? value, ContactSource source, DateTimeOffset now, bool verified)
    {
        if (value is null) return;
        if (citizen.ContactPoints.FirstOrDefault(p => p.Kind == kind && p.Value == value) is { } known)
        {
            if (verified) known.VerifiedAt ??= now;
            return;
        }
        // Added explicitly: EF would take a new row with a preset key, found through a navigation, for an existing one.
        var point = new ContactPoint { CitizenId = citizen.Id, Kind = kind, Value = value, Source = source, AddedAt = now, VerifiedAt = verified ? now : null };
        db.ContactPoints.Add(point);
        if (!citizen.ContactPoints.Contains(point)) citizen.ContactPoints.Add(point);
    }

    /// <summary>The sign-in code proved control of the address: every point holding it is verified now.</summary>
    public Task<int> VerifyEmailAsync(string email, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.ContactPoints.IgnoreQueryFilters().Where(p => p.Kind == ContactKind.Email && p.Value == email && p.VerifiedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.VerifiedAt, now), ct);
    }

    /// <summary>Maps the channel a case came in by to the source of what it carried.</summary>
    public static ContactSource SourceOf(Cases.Channel channel) => channel switch
    {
        Cases.Channel.Portal or Cases.Channel.Kiosk => ContactSource.Portal,
        Cases.Channel.Email => ContactSource.Email,
        Cases.Channel.Phone => ContactSource.Phone,
        Cases.Channel.Chat => ContactSource.Chat,
        Cases.Channel.Sms => ContactSource.Sms,
        Cases.Channel.Messaging => ContactSource.Messaging,
        _ => ContactSource.Other,
    };
}
