using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Ghiseu.Tests.Email;

/// <summary>A host whose worker does not run by itself: the tests run its passes.</summary>
public sealed class ManualWorkerFactory : EmailFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. base.Settings, new("Ghiseu:Email:Processing:Enabled", "false")];

    public InboundWorker Worker() => ActivatorUtilities.CreateInstance<InboundWorker>(Services);
}

public sealed class BatchTests(ManualWorkerFactory f) : IClassFixture<ManualWorkerFactory>
{
    private const string Par = "par@demo.ghiseu.ro";

    [Fact]
    public async Task RunOnce_OneMessageOfTheBatchFails_OthersCommitWithConsecutiveNumbersAndItAloneIsQuarantined()
    {
        var (first, second) = (EmailFactory.NewSender("b1"), EmailFactory.NewSender("b2"));
        await f.SendAsync(Mail.Text(first, Par, "Cerere de pașaport", "Bună ziua, doresc un pașaport nou."));
        var envelope = EmailFactory.NewSender("b3");
        var broken = Mail.Text(envelope, Par, "Fără expeditor", "text");
        broken.From.Clear();
        broken.From.Add(new MailboxAddress("Fără adresă", "not-an-address"));
        broken.Sender = new MailboxAddress("", envelope);
        await f.SendAsync(broken, Par);
        await f.SendAsync(Mail.Text(second, Par, "Procură", "Bună ziua, am nevoie de o procură."));

        // The broken message sits between the two good ones: its failure rolls back the shared
        // transaction, then each message is applied alone.
        while (await f.Worker().RunOnceAsync(CancellationToken.None) > 0) { }

        var rows = await f.Db(db => db.InboundEmails.AsNoTracking().Where(m => m.Sender == first || m.Sender == second || m.MessageId == broken.MessageId).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Equal(InboundState.Quarantined, rows.Single(r => r.MessageId == broken.MessageId).State);
        var good = rows.Where(r => r.MessageId != broken.MessageId).ToList();
        Assert.All(good, r => Assert.Equal(InboundState.Processed, r.State));
        var numbers = await f.Db(db => db.Cases.AsNoTracking().Where(c => good.Select(g => g.CaseId).Contains(c.Id))
            .Select(c => c.RegistrationNumber).ToListAsync());
        var sequence = numbers.Select(n => int.Parse(n[^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(2, sequence.Count);
        Assert.Equal(sequence[0] + 1, sequence[1]); // the rolled-back attempt used up no number
        await Numbering.AssertGapless(f, "PAR"); // and left the counter at the last number given
    }

    [Fact]
    public async Task Send_SameMessageOnSeveralConnectionsAtOnce_OneRowAndOneQueuedAnswer()
    {
        var sender = EmailFactory.NewSender("dup");
        var message = Mail.Text(sender, Par, "Aceeași cerere", "Trimisă de mai multe ori deodată.");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => f.SendAsync(message)));
        var rows = await f.Db(db => db.InboundEmails.AsNoTracking().Where(m => m.Sender == sender).ToListAsync());
        Assert.Single(rows);
        Assert.Single(answers, a => a.Contains("Queued", StringComparison.Ordinal));
        Assert.Equal(5, answers.Count(a => a.Contains(rows[0].Id.ToString(), StringComparison.Ordinal) && a.Contains("Already have it", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunOnce_BatchOfMessages_AllBecomeCasesAndEachGetsItsAutoReply()
    {
        var senders = Enumerable.Range(0, 12).Select(i => EmailFactory.NewSender($"many{i}")).ToList();
        await Task.WhenAll(senders.Select(s => f.SendAsync(Mail.Text(s, Par, "Cerere", $"Bună ziua, sunt {s}."))));

        Assert.True(await f.Worker().RunOnceAsync(CancellationToken.None) >= senders.Count);

        var rows = await f.Db(db => db.InboundEmails.AsNoTracking().Where(m => senders.Contains(m.Sender!)).ToListAsync());
        Assert.Equal(senders.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(InboundState.Processed, r.State));
        Assert.Equal(senders.Count, rows.Select(r => r.CaseId).Distinct().Count());
        foreach (var s in senders) Assert.Contains("PAR-", (await f.OutboundTo(s)).Subject, StringComparison.Ordinal);
        // One transaction numbers its cases from one counter read: each number once, and the counter at the last.
        await Numbering.AssertGapless(f, "PAR");
    }

    /// <summary>
    /// A transaction that holds a unit's counter counts that unit's next numbers itself and writes the
    /// counter with each case; mail to two units interleaved must keep each unit's own count.
    /// </summary>
    [Fact]
    public async Task RunOnce_MailForTwoUnitsInterleavedInOneBatch_EachUnitNumberedOnWithoutGaps()
    {
        const string Mad = "mad@demo.ghiseu.ro";
        var sent = new List<(string Sender, string Unit)>();
        for (var i = 0; i < 8; i++)
        {
            var (address, unit) = i % 2 == 0 ? (Par, "PAR") : (Mad, "MAD");
            var sender = EmailFactory.NewSender($"two{i}");
            await f.SendAsync(Mail.Text(sender, address, $"Cererea {i}", "Bună ziua."), address);
            sent.Add((sender, unit));
        }

        Assert.True(await f.Worker().RunOnceAsync(CancellationToken.None) >= sent.Count);

        var senders = sent.Select(s => s.Sender).ToList();
        var cases = await f.Db(db => db.InboundEmails.AsNoTracking().Where(m => senders.Contains(m.Sender!))
            .Join(db.Cases.IgnoreQueryFilters(), m => m.CaseId, c => c.Id, (m, c) => new { m.Sender, c.RegistrationNumber }).ToListAsync());
        Assert.Equal(sent.Count, cases.Count);
        foreach (var (sender, unit) in sent) Assert.StartsWith($"{unit}-", cases.Single(c => c.Sender == sender).RegistrationNumber, StringComparison.Ordinal);
        var mad = cases.Where(c => c.RegistrationNumber.StartsWith("MAD-", StringComparison.Ordinal)).Select(c => Numbering.Sequence(c.RegistrationNumber)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => mad[0] + i), mad); // consecutive, and every number of each unit once (below)
        await Numbering.AssertGapless(f, "PAR");
        await Numbering.AssertGapless(f, "MAD");
    }

    [Fact]
    public async Task RunOnce_SevenMessagesFromOneSenderInOneBatch_FiveAutoRepliesAsTheHourlyLimitSays()
    {
        var sender = EmailFactory.NewSender("often");
        for (var i = 0; i < 7; i++) await f.SendAsync(Mail.Text(sender, Par, $"Cererea {i}", $"Bună ziua, a {i}-a cerere."));

        Assert.True(await f.Worker().RunOnceAsync(CancellationToken.None) >= 7);

        var rows = await f.Db(db => db.InboundEmails.AsNoTracking().Where(m => m.Sender == sender).ToListAsync());
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.Equal(InboundState.Processed, r.State));
        Assert.Equal(5, rows.Count(r => r.AutoReplied));
        // An address nobody proved joins nobody, not even the record its own first message made:
        // each message has its own provisional citizen, and each case its own contact.
        var caseIds = rows.Select(r => r.CaseId).ToList();
        Assert.Equal(7, (await f.Db(db => db.Cases.IgnoreQueryFilters().Where(c => caseIds.Contains(c.Id)).Select(c => c.CitizenId).Distinct().ToListAsync())).Count);
        Assert.Equal(7, await f.Db(db => db.Cases.IgnoreQueryFilters().CountAsync(c => caseIds.Contains(c.Id) && c.ContactEmail == sender)));
    }

    [Fact]
    public async Task RunOnce_KnownAndNewSendersInOneBatch_EachMatchedToTheirOneCitizen()
    {
        var known = EmailFactory.NewSender("known");
        await f.SendAsync(Mail.Text(known, Par, "Prima cerere", "Bună ziua, prima mea cerere."));
        while (await f.Worker().RunOnceAsync(CancellationToken.None) > 0) { }
        var citizen = await f.Db(db => db.ContactPoints.Where(p => p.Value == known).Select(p => p.CitizenId).SingleAsync());
        // The known sender proved the address (portal sign-in); the fresh one did not.
        using (var scope = f.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Ghiseu.Features.Citizens.CitizenDirectory>().VerifyEmailAsync(known, CancellationToken.None);

        var fresh = EmailFactory.NewSender("fresh");
        await f.SendAsync(Mail.Text(fresh, Par, "Cerere nouă", "Bună ziua."));
        await f.SendAsync(Mail.Text(known.ToUpperInvariant(), Par, "A doua cerere", "Bună ziua, din nou eu."));
        await f.SendAsync(Mail.Text(fresh, Par, "Încă o cerere", "Bună ziua, tot eu."));
        while (await f.Worker().RunOnceAsync(CancellationToken.None) > 0) { }

        var byCitizen = await f.Db(db => db.Cases.IgnoreQueryFilters()
            .Where(c => db.InboundEmails.Any(m => m.CaseId == c.Id && (m.Sender == known || m.Sender == fresh || m.Sender == known.ToUpperInvariant())))
            .GroupBy(c => c.CitizenId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(3, byCitizen.Count);
        Assert.Equal(2, byCitizen.Single(g => g.Key == citizen).Count); // the known sender's second case, whatever the address's case
        Assert.All(byCitizen.Where(g => g.Key != citizen), g => Assert.Equal(1, g.Count)); // the unproven sender: a record per message
        Assert.Equal(2, (await f.Db(db => db.ContactPoints.Where(p => p.Value == fresh).ToListAsync())).Count);
    }
}
