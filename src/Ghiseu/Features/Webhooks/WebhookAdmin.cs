using System.Globalization;
using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Events;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// Registration of webhooks. A system administrator registers hooks for every unit or some; a unit
/// administrator only for units they administer, and sees only such hooks. Changes are audited by
/// the audit interceptor (the stored secret is left out of the trail).
/// </summary>
public sealed class WebhookAdmin(GhiseuDb db, UnitDirectory units, WebhookAddresses addresses, WebhookSignature signature, TimeProvider clock)
{
    public sealed record Registration(string? Url, IReadOnlyList<string>? Events, IReadOnlyList<string>? Units, string? Description, bool? Enabled);
    public sealed record HookDto(Guid Id, string Url, string? Description, IReadOnlyList<string> Events, IReadOnlyList<string>? Units, bool Enabled,
        string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
    public sealed record Created(HookDto Hook, string Secret);

    /// <summary>The event types a hook may ask for, without the <c>case.</c> prefix.</summary>
    public static readonly string[] Types = [.. CaseEventTypes.All.Select(t => t[5..])];

    private const string Forbidden = "forbidden";

    public async Task<List<HookDto>> ListAsync(Actor.Staff actor, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        var hooks = await db.Set<Webhook>().AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(ct);
        return [.. hooks.Where(w => Sees(actor, w)).Select(w => Dto(w, tree))];
    }

    public async Task<Outcome<HookDto>> GetAsync(Actor.Staff actor, Guid id, CancellationToken ct) =>
        await FindAsync(actor, id, ct) is { } w ? Dto(w, await units.GetAsync(ct)) : new Failure.NotFound();

    public async Task<Outcome<Created>> CreateAsync(Actor.Staff actor, Registration r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var hook = new Webhook
        {
            Url = "", EventTypes = "", ProtectedSecret = signature.Protect(secret), CreatedBy = actor.Id, CreatedAt = now, UpdatedAt = now,
        };
        if (await ApplyAsync(actor, hook, r with { Url = r.Url ?? "", Events = r.Events ?? [] }, ct) is { } failure) return failure;
        db.Set<Webhook>().Add(hook);
        await db.SaveChangesAsync(ct);
        return new Created(Dto(hook, await units.GetAsync(ct)), secret);
    }

    /// <summary>Changes what is given; enabling a hook clears the reason Ghiseu turned it off.</summary>
    public async Task<Outcome<HookDto>> UpdateAsync(Actor.Staff actor, Guid id, Registration r, CancellationToken ct)
    {
        if (await FindAsync(actor, id, ct, track: true) is not { } hook) return new Failure.NotFound();
        if (await ApplyAsync(actor, hook, r, ct) is { } failure) return failure;
        hook.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Dto(hook, await units.GetAsync(ct));
    }

    public async Task<Outcome<bool>> DeleteAsync(Actor.Staff actor, Guid id, CancellationToken ct)
    {
        if (await FindAsync(actor, id, ct, track: true) is not { } hook) return new Failure.NotFound();
        db.Set<Webhook>().Remove(hook);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A new secret, shown this once; the old one stops signing at once.</summary>
    public async Task<Outcome<string>> RotateSecretAsync(Actor.Staff actor, Guid id, CancellationToken ct)
    {
        if (await FindAsync(actor, id, ct, track: true) is not { } hook) return new Failure.NotFound();
        var secret = WebhookSignature.NewSecret();
        hook.ProtectedSecret = signature.Protect(secret);
        hook.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return secret;
    }

    internal async Task<Webhook?> FindAsync(Actor.Staff actor, Guid id, CancellationToken ct, bool track = false)
    {
        var q = db.Set<Webhook>().Where(w => w.Id == id);
        var hook = await (track ? q : q.AsNoTracking()).FirstOrDefaultAsync(ct);
        return hook is not null && Sees(actor, hook) ? hook : null;
    }

    // A unit administrator sees a hook only if every unit it hears of is theirs; a hook of every unit is the system's.
    private static bool Sees(Actor.Staff actor, Webhook w) => actor.Scope.All || (w.UnitIds is not null && w.Units.All(actor.Scope.Allows));

    private async Task<Failure?> ApplyAsync(Actor.Staff actor, Webhook hook, Registration r, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (r.Url is not null)
        {
            var url = r.Url.Trim();
            if (url.Length is 0 or > 2000) errors.Add(new("url", WebhookTexts.Get("UrlInvalid")));
            else if (await addresses.ProblemWithAsync(url, ct) is { } problem) errors.Add(new("url", problem));
            else hook.Url = url;
        }
        if (r.Events is not null)
        {
            var events = r.Events.Select(e => e.Trim().StartsWith("case.", StringComparison.Ordinal) ? e.Trim()[5..] : e.Trim()).Distinct().ToList();
            if (events.Count == 0) errors.Add(new("events", WebhookTexts.Get("EventsRequired")));
            foreach (var e in events.Where(e => !Types.Contains(e)))
                errors.Add(new("events", string.Format(CultureInfo.InvariantCulture, WebhookTexts.Get("NoSuchEvent"), e)));
            hook.EventTypes = string.Join(',', events);
        }
        if (r.Units is not null || hook.UnitIds is null)
        {
            var ids = new List<Guid>();
            foreach (var code in r.Units ?? [])
            {
                if (await units.FindAsync(code, ct) is not { } unit) errors.Add(new("units", string.Format(CultureInfo.InvariantCulture, WebhookTexts.Get("NoSuchUnit"), code)));
                else if (!actor.Scope.Allows(unit.Id))
                    return new Failure.Refused(Forbidden, string.Format(CultureInfo.InvariantCulture, WebhookTexts.Get("UnitNotYours"), unit.Code));
                else ids.Add(unit.Id);
            }
            if (ids.Count == 0 && !actor.Scope.All) return new Failure.Refused(Forbidden, WebhookTexts.Get("UnitsRequired"));
            hook.UnitIds = ids.Count == 0 ? null : string.Join(',', ids.Distinct().Order());
        }
        if (r.Description is not null) hook.Description = r.Description.Trim() is { Length: > 0 } d ? d[..Math.Min(200, d.Length)] : null;
        if (r.Enabled is { } enabled)
        {
            if (enabled && !hook.Enabled) hook.DisabledReason = null;
            hook.Enabled = enabled;
        }
        return errors.Count > 0 ? new Failure.Invalid(errors) : null;
    }

    internal static HookDto Dto(Webhook w, UnitDirectory.Tree tree) => new(w.Id, w.Url, w.Description, w.Types,
        w.UnitIds is null ? null : [.. w.Units.Select(u => tree.ById.TryGetValue(u, out var unit) ? unit.Code : u.ToString())],
        w.Enabled, w.DisabledReason, w.CreatedAt, w.UpdatedAt);
}
