using System.Text.Json;
using System.Text.RegularExpressions;
using Ghiseu.Data;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Outbox;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Desk;

/// <summary>
/// "@ana.pop" in an internal note: the colleague whose address starts with ana.pop@ (or is exactly
/// the one written) is told by email, through the outbox, in the note's own transaction.
/// </summary>
public static partial class Mentions
{
    public const string Type = "desk.mention";

    public sealed record Payload(string To, Guid CaseId, string RegistrationNumber, string Author, string Text);

    [GeneratedRegex(@"(?<![\w.@])@([A-Za-z0-9][A-Za-z0-9._%+-]*(?:@[A-Za-z0-9.-]+)?)")]
    private static partial Regex Handle();

    /// <summary>The colleagues' addresses a note mentions; unknown handles are ignored.</summary>
    public static List<string> Find(string text, IEnumerable<string> colleagueEmails)
    {
        var handles = Handle().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToLowerInvariant()).ToHashSet();
        return [.. colleagueEmails.Where(e => handles.Contains(e.ToLowerInvariant()) || handles.Contains(e.Split('@')[0].ToLowerInvariant())).Distinct()];
    }

    public static OutboxMessage Message(Payload p, DateTimeOffset now) => OutboxMessage.Create(Type, p, now);
}

/// <summary>Delivers mention emails; a failure is retried by the outbox like any notification.</summary>
public sealed class MentionMail(EmailSender email, IOptions<PortalLinkOptions> links) : IOutboxHandler
{
    public string Type => Mentions.Type;

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<Mentions.Payload>(message.Payload, Json.Options) ?? throw new InvalidOperationException("Empty mention.");
        var link = $"{links.Value.PublicUrl.TrimEnd('/')}/desk/cases/{p.CaseId}";
        await email.SendAsync(p.To, $"[{p.RegistrationNumber}] {p.Author}: @",
            $"{p.Author} — {p.RegistrationNumber}\n\n{p.Text}\n\n{link}", ct);
    }
}
