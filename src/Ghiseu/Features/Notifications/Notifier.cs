using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Outbox;
using Ghiseu.Features.Units;
using Ghiseu.Web.Resources;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Notifications;

/// <summary>What a notification outbox message carries: rendered text, the address, and the timeline entry to update.</summary>
public sealed record NotificationPayload(Guid CaseId, Guid InteractionId, string To, string? Subject, string Body);

/// <summary>
/// Tells the citizen about their case by email and SMS. It adds, to the caller's unit of work, one
/// outbound interaction per message (so staff see what was sent and its delivery state) and one
/// outbox message that delivers it; both commit with the change that caused them.
/// </summary>
public sealed class Notifier(GhiseuDb db, IOptions<PortalLinkOptions> portal, TimeProvider clock)
{
    public const string EmailType = "notify.email";
    public const string SmsType = "notify.sms";

    public void Enqueue(string @event, Case c, Citizen citizen, Unit unit)
    {
        var language = citizen.Language == "en" ? "en" : "ro";
        var text = NotificationTemplates.Render(@event, language, Values(c, citizen, unit, language));
        var email = Address(c, citizen, ContactKind.Email);
        var phone = Address(c, citizen, ContactKind.Phone);
        if (email is not null) Add(c, InteractionKind.Email, Channel.Email, EmailType, email, text.Subject, text.EmailBody);
        if (phone is not null && IsMobile(phone)) Add(c, InteractionKind.Sms, Channel.Sms, SmsType, phone, null, text.SmsText);
    }

    /// <summary>
    /// Answers a citizen's email with the registration number: the unit's own template when it has one
    /// ({placeholders} as in notifications), else the "received" notification. Null without a usable address.
    /// </summary>
    public Interaction? AutoReply(Case c, Citizen citizen, Unit unit, string address, (string Subject, string Body)? template)
    {
        var language = citizen.Language == "en" ? "en" : "ro";
        var values = Values(c, citizen, unit, language);
        var text = NotificationTemplates.Render(NotificationTemplates.Received, language, values);
        if (Address(c, citizen, ContactKind.Email) != address) return null;
        return template is { } t
            ? Add(c, InteractionKind.Email, Channel.Email, EmailType, address, NotificationTemplates.Fill(t.Subject, values), NotificationTemplates.Fill(t.Body, values))
            : Add(c, InteractionKind.Email, Channel.Email, EmailType, address, text.Subject, text.EmailBody);
    }

    /// <summary>The placeholders of notification and canned texts for a case, in a language.</summary>
    public Dictionary<string, string> Values(Case c, Citizen citizen, Unit unit, string language)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(language);
        return new Dictionary<string, string>
        {
            ["registrationNumber"] = c.RegistrationNumber,
            ["trackingCode"] = c.TrackingCode,
            ["trackingUrl"] = $"{portal.Value.PublicUrl.TrimEnd('/')}/track/{c.RegistrationNumber}?code={c.TrackingCode}",
            ["status"] = Messages.ResourceManager.GetString($"Status{c.Status}", culture) ?? Json.Name(c.Status),
            ["citizenName"] = citizen.Name,
            ["unitName"] = language == "en" ? unit.NameEn ?? unit.Name : unit.Name,
            ["subject"] = c.Subject,
        };
    }

    /// <summary>Sends a staff reply already on the timeline; false when the citizen has no address for the channel.</summary>
    public bool Reply(Case c, Citizen citizen, Interaction reply, Channel channel)
    {
        var to = Address(c, citizen, channel == Channel.Email ? ContactKind.Email : ContactKind.Phone);
        if (to is null || (channel != Channel.Email && !IsMobile(to))) return false;
        reply.DeliveryState = "queued";
        var subject = channel == Channel.Email ? $"[{c.RegistrationNumber}] {c.Subject}" : null;
        Queue(channel == Channel.Email ? EmailType : SmsType, new NotificationPayload(c.Id, reply.Id, to, subject, reply.Body));
        return true;
    }

    /// <summary>
    /// Where to write about a case: the address or number given with the case itself; without one, a
    /// point of its citizen that the citizen proved. Never a point that only matching put on the
    /// record: that may be someone else's. Null when it bounced for good.
    /// </summary>
    public static string? Address(Case c, Citizen citizen, ContactKind kind)
    {
        var own = kind == ContactKind.Email ? c.ContactEmail : c.ContactPhone;
        var points = citizen.ContactPoints.Where(p => p.Kind == kind);
        if (own is not null) return points.Any(p => p.Value == own && p.Undeliverable) ? null : own;
        return points.FirstOrDefault(p => p.VerifiedAt is not null && !p.Undeliverable)?.Value;
    }

    private static bool IsMobile(string e164)
    {
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        var type = util.GetNumberType(util.Parse(e164, null));
        return type is PhoneNumbers.PhoneNumberType.MOBILE or PhoneNumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    private Interaction Add(Case c, InteractionKind kind, Channel channel, string type, string to, string? subject, string body)
    {
        var now = clock.GetUtcNow();
        var interaction = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = kind, Direction = Direction.Outbound, Channel = channel, At = now,
            AuthorName = "Ghiseu", Body = subject is null ? body : $"{subject}\n\n{body}", Public = true, DeliveryState = "queued",
        };
        db.Interactions.Add(interaction);
        Queue(type, new NotificationPayload(c.Id, interaction.Id, to, subject, body));
        return interaction;
    }

    private void Queue(string type, NotificationPayload payload)
    {
        var now = clock.GetUtcNow();
        db.OutboxMessages.Add(OutboxMessage.Create(type, payload, clock.GetUtcNow()));
    }
}
