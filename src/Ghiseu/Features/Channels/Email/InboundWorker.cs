using Ghiseu.Data;
using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Wakes the worker as soon as a message is stored, instead of at its next poll.</summary>
public sealed class InboundSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0) try { signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}

/// <summary>
/// Processes stored messages under a lease, as the outbox does: any node may run it; a node that dies
/// mid-message leaves it to be taken over when the lease ends. The lease holder is the row's
/// concurrency token, so a node whose lease was taken over cannot commit its result as well.
/// </summary>
public sealed class InboundWorker(IServiceScopeFactory scopes, IDbContextFactory<GhiseuDb> factory, InboundSignal signal, NodeIdentity nodes,
    IOptions<EmailOptions> options, TimeProvider clock, ILogger<InboundWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Processing.Enabled) return;
        Task<InboundBatch?>? next = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                InboundBatch? batch = null;
                try
                {
                    batch = await (next ?? TakeAsync(stoppingToken));
                    next = null;
                    if (batch is not null)
                    {
                        // The next batch is leased and parsed while this one is applied: parsing and
                        // storing attachments use the other core while this one holds the database.
                        next = TakeAsync(stoppingToken);
                        await ApplyAsync(batch, stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Inbound mail pass failed"); }
                finally
                {
                    if (batch is not null) await batch.DisposeAsync();
                }
                if (batch is not null || next is not null) continue;
                try { await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
        finally
        {
            // A batch taken but not applied gives its lease back, for this node's next start or another node.
            if (next is not null)
            {
                try
                {
                    if (await next is { } left)
                    {
                        await using (left)
                            await left.Db.InboundEmails.Where(m => m.LeasedBy == left.Node && m.State == InboundState.Pending)
                                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, (string?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
                    }
                }
                catch (OperationCanceledException) { } // stopped while it was taken: a lease already written ends by itself
                catch (Exception e) { log.LogInformation(e, "An inbound batch taken at shutdown keeps its lease until it ends"); }
            }
        }
    }

    /// <summary>
    /// One pass: lease a batch of due messages, prepare them side by side (parse, files), then apply
    /// them several to a transaction: one commit for many messages instead of one each. If one
    /// fails, its transaction is rolled back and that transaction's messages are applied alone, so
    /// only the failing one fails (decision 013). Returns how many were taken.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var batch = await TakeAsync(ct);
        if (batch is null) return 0;
        await ApplyAsync(batch, ct);
        return batch.Rows.Count;
    }

    /// <summary>Leases due messages and prepares them; null when none is due. Writes nothing but the lease.</summary>
    private async Task<InboundBatch?> TakeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value.Processing;
        var node = nodes.NewHolder();
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<GhiseuDb>();
            var ids = await db.InboundEmails.Where(m => m.State == InboundState.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(o.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                await scope.DisposeAsync();
                return null;
            }
            var until = now.AddSeconds(o.LeaseSeconds);
            await db.InboundEmails.Where(m => ids.Contains(m.Id) && m.State == InboundState.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, node).SetProperty(m => m.LeaseUntil, until), ct);
            var rows = await db.InboundEmails.Where(m => ids.Contains(m.Id) && m.LeasedBy == node && m.State == InboundState.Pending)
                .OrderBy(m => m.NextAttemptAt).ToListAsync(ct);
            var batch = new InboundBatch(scope, node, rows);
            var preparer = scope.ServiceProvider.GetRequiredService<EmailPreparer>();
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = ct },
                async (i, ct) =>
                {
                    try { batch.Prepared[i] = await preparer.PrepareAsync(rows[i], ct); }
                    catch (Exception e) when (e is not OperationCanceledException) { batch.Failed[i] = e; }
                });
            return batch;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task ApplyAsync(InboundBatch batch, CancellationToken ct)
    {
        var (rows, prepared) = (batch.Rows, batch.Prepared);
        var ready = Enumerable.Range(0, rows.Count).Where(i => prepared[i] is not null).Select(i => (rows[i], prepared[i]!)).ToList();
        var span = TimeSpan.FromMilliseconds(options.Value.Processing.TransactionMilliseconds);
        foreach (var (row, p) in await ApplyTogetherAsync(batch.Services, batch.Db, ready, span, ct))
            await ApplyAloneAsync(row.Id, p, batch.Node, ct);
        for (var i = 0; i < rows.Count; i++)
            if (batch.Failed[i] is { } e) await FailAsync(rows[i].Id, e, batch.Node, ct);
    }

    /// <summary>
    /// Applies the messages in as few transactions as fit in <paramref name="span"/> each: a transaction
    /// also holds SQLite's single write lock, which new mail waits for. Returns the messages of a
    /// transaction that failed (rolled back), to be applied one by one.
    /// </summary>
    private async Task<List<(InboundEmail Row, PreparedEmail Prepared)>> ApplyTogetherAsync(IServiceProvider services, GhiseuDb db,
        List<(InboundEmail Row, PreparedEmail Prepared)> batch, TimeSpan span, CancellationToken ct)
    {
        var processor = services.GetRequiredService<EmailProcessor>();
        // A failure rolls back the whole transaction, so a savepoint per save would protect nothing.
        db.Database.AutoSavepointsEnabled = false;
        await processor.CountRepliesAsync(batch.Select(b => b.Prepared.Sender), ct);
        var failed = new List<(InboundEmail, PreparedEmail)>();
        var next = 0;
        while (next < batch.Count)
        {
            var started = next;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                do
                {
                    var (row, prepared) = batch[next++];
                    // Each message on a clean change tracker: what the earlier ones saved commits with
                    // them anyway, and keeping it tracked would make every later save compare it again.
                    db.ChangeTracker.Clear();
                    db.Attach(row);
                    await processor.ApplyAsync(row, prepared, ct);
                }
                while (next < batch.Count && clock.Elapsed < span);
                await tx.CommitAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var count = next - started;
                if (count > 1) log.LogInformation("{Count} inbound messages were rolled back together ({Reason}); each is now applied alone", count, e.Message);
                failed.AddRange(batch.Skip(started).Take(count));
                db.ChangeTracker.Clear();
                processor.ForgetReplyCounts();
            }
        }
        return failed;
    }

    private async Task ApplyAloneAsync(Guid id, PreparedEmail prepared, string node, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GhiseuDb>();
        var row = await db.InboundEmails.FirstOrDefaultAsync(m => m.Id == id && m.LeasedBy == node && m.State == InboundState.Pending, ct);
        if (row is null) return;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await scope.ServiceProvider.GetRequiredService<EmailProcessor>().ApplyAsync(row, prepared, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogWarning("Inbound message {Id} was taken over by another node; its result stands", id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(id, e, node, ct);
        }
    }

    private async Task FailAsync(Guid id, Exception e, string node, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.InboundEmails.FirstOrDefaultAsync(m => m.Id == id && m.LeasedBy == node, ct);
        if (row is null) return;
        row.Attempts++;
        var reason = e is QuarantineException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        row.LastError = reason.Length > 1000 ? reason[..1000] : reason;
        if (e is QuarantineException || row.Attempts >= options.Value.Processing.MaxAttempts) row.State = InboundState.Quarantined;
        row.NextAttemptAt = clock.GetUtcNow() + Outbox.OutboxDispatcher.Backoff(row.Attempts);
        row.LeasedBy = null;
        row.LeaseUntil = null;
        await db.SaveChangesAsync(ct);
        log.LogWarning("Inbound message {Id} failed (attempt {Attempts}, {State}): {Reason}", id, row.Attempts, row.State, row.LastError);
    }
}

/// <summary>Gives back the inbound-mail leases of the node's earlier runs.</summary>
internal sealed class InboundLeases : ILeasedWork
{
    public string Name => "inbound mail";

    public Task<int> ReleaseEarlierRunsAsync(GhiseuDb db, NodeIdentity node, CancellationToken ct) =>
        LeasedRows.ReleaseEarlierRunsAsync(db.InboundEmails.Where(m => m.State == InboundState.Pending), node, ct);
}
