using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Email;

/// <summary>What one processed message led to, read from the database.</summary>
public sealed record Outcome(InboundEmail Row, Case? Case, Interaction? Interaction, List<Attachment> Files, Citizen? Citizen)
{
    public string Body => Interaction?.Body ?? "";
}

public static class CorpusHelpers
{
    public static async Task<Outcome> OutcomeAsync(this EmailFactory f, string sender, int count = 1)
    {
        var row = await f.ProcessedAsync(sender, count);
        return await f.Db(async db =>
        {
            var c = row.CaseId is null ? null : await db.Cases.FirstAsync(x => x.Id == row.CaseId);
            var i = row.InteractionId is null ? null : await db.Interactions.FirstAsync(x => x.Id == row.InteractionId);
            var files = i is null ? [] : await db.Attachments.Where(a => a.InteractionId == i.Id).ToListAsync();
            var citizen = c is null ? null : await db.Citizens.Include(x => x.ContactPoints).FirstAsync(x => x.Id == c.CitizenId);
            return new Outcome(row, c, i, files, citizen);
        });
    }

    /// <summary>Whether an auto-reply (Auto-Submitted: auto-replied) went out to the address within a few seconds.</summary>
    public static async Task<bool> AutoReplied(this EmailFactory f, string to)
    {
        try
        {
            await f.OutboundTo(to).WaitAsync(TimeSpan.FromSeconds(4));
            return true;
        }
        catch (TimeoutException) { return false; }
    }

    public static async Task<Outcome> NewCaseAsync(this EmailFactory f, string sender, string subject = "Cerere", string to = "par@demo.ghiseu.ro",
        string body = "Bună ziua, am o întrebare.")
    {
        await f.SendAsync(Mail.Text(sender, to, subject, body));
        var o = await f.OutcomeAsync(sender);
        Assert.NotNull(o.Case);
        return o;
    }
}
