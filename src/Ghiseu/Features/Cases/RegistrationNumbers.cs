using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>
/// Hands out registration sequences per unit and year without gaps or duplicates, on any number of
/// nodes: the counter row is incremented inside the caller's transaction, so the row lock (PostgreSQL)
/// or the write lock (SQLite) serializes creators and a rolled-back case gives its number back.
/// Call it as the first statement of the transaction so SQLite takes the write lock at once.
/// </summary>
public static class RegistrationNumbers
{
    public static async Task<long> NextAsync(GhiseuDb db, Guid unitId, int year, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not { } tx)
            throw new InvalidOperationException("Registration numbers are taken inside the transaction that saves the case.");
        // Once the transaction holds the counter, no one else can move it until the commit: the next
        // numbers are counted here and the row is written with the case's own save, one round trip
        // fewer per case of a batch (email registers many cases in one transaction).
        var held = db.NumbersHeld;
        if (held?.Transaction == tx.TransactionId && held.Counters.TryGetValue((unitId, year), out var counter))
        {
            var entry = db.Entry(counter);
            if (entry.State == EntityState.Detached) entry.State = EntityState.Unchanged; // the batch clears its tracker per case
            counter.Last++;
            return counter.Last;
        }
        // One statement: the year's first case creates the counter at 1, every later one increments it.
        var next = (await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO "RegistrationCounters" ("UnitId", "Year", "Last") VALUES ({unitId}, {year}, 1)
            ON CONFLICT ("UnitId", "Year") DO UPDATE SET "Last" = "RegistrationCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct)).Single();
        if (held?.Transaction != tx.TransactionId)
        {
            // An earlier transaction's counters are history: never written again from here.
            if (held is not null)
                foreach (var old in held.Counters.Values) db.Entry(old).State = EntityState.Detached;
            db.NumbersHeld = held = new(tx.TransactionId);
        }
        held.Counters[(unitId, year)] = new RegistrationCounter { UnitId = unitId, Year = year, Last = next };
        return next;
    }

    public static string Format(string unitCode, int year, long sequence) => $"{unitCode}-{year}-{sequence:D6}";
}

/// <summary>The counters a transaction has incremented, and so holds until it ends.</summary>
internal sealed class HeldCounters(Guid transaction)
{
    public Guid Transaction { get; } = transaction;
    public Dictionary<(Guid UnitId, int Year), RegistrationCounter> Counters { get; } = [];
}
