using Ghiseu.Common;
using Ghiseu.Data;

namespace Ghiseu.Features.Cases;

/// <summary>A message a citizen sends on an existing case, whatever carried it.</summary>
public sealed record InboundMessage(Channel Channel, string Body)
{
    /// <summary>Message-ID, call id or gateway id of the channel.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Automatic mail (an out-of-office, a delivery report): it joins the timeline without moving the case.</summary>
    public bool Quiet { get; init; }

    /// <summary>The channel's verdict on the sender (see <see cref="Interaction.SenderCheck"/>).</summary>
    public string? SenderCheck { get; init; }
    public string? SenderResults { get; init; }

    public int? DurationSeconds { get; init; }
}

/// <summary>
/// The citizen writes back: one rule for the portal, email, SMS, chat and calls. The message joins
/// the public timeline and a case waiting for the citizen, or resolved, goes back to work. The
/// caller saves, with its own changes (files, the raw message marked processed) in the same unit of work.
/// </summary>
public sealed class CitizenMessages(GhiseuDb db, TimeProvider clock)
{
    public Outcome<Interaction> Add(Case c, InboundMessage m, Actor actor)
    {
        if (c.Status == CaseStatus.Closed)
            return new Failure.Conflict("case-closed", Web.Resources.Messages.CaseClosedForReplies);
        var now = clock.GetUtcNow();
        var i = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = Interaction.KindOf(m.Channel), Direction = Direction.Inbound, Channel = m.Channel,
            At = now, AuthorName = actor.Name, Body = m.Body, Public = true, ExternalId = m.ExternalId,
            SenderCheck = m.SenderCheck, SenderResults = m.SenderResults, DurationSeconds = m.DurationSeconds,
        };
        db.Interactions.Add(i);
        if (m.Quiet) return i;
        if (c.Status == CaseStatus.Resolved) c.TransitionTo(CaseStatus.Open, now);
        c.CitizenReplied(now);
        return i;
    }
}
