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
        // Once the transaction holds the row, the next numbers need no round trip: they are counted
        // here and the row is set with the case, in the same save (a batch of email registers many
        // cases in one transaction). A rolled-back transaction's count dies with its id.
        var taken = db.NumbersTaken;
        if (taken?.Transaction == tx.TransactionId && taken.Last.TryGetValue((unitId, year), out var last))
        {
            var counter = db.RegistrationCounters.Local.FirstOrDefault(c => c.UnitId == unitId && c.Year == year)
                ?? db.RegistrationCounters.Attach(new RegistrationCounter { UnitId = unitId, Year = year, Last = last }).Entity;
            counter.Last = last + 1;
            taken.Last[(unitId, year)] = last + 1;
            return last + 1;
        }
        // A counter left tracked by an earlier transaction is stale: the statement below is the truth.
        if (db.RegistrationCounters.Local.FirstOrDefault(c => c.UnitId == unitId && c.Year == year) is { } stale)
            db.Entry(stale).State = EntityState.Detached;
        // One statement: the year's first case creates the counter at 1, every later one increments it.
        var next = (await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO "RegistrationCounters" ("UnitId", "Year", "Last") VALUES ({unitId}, {year}, 1)
            ON CONFLICT ("UnitId", "Year") DO UPDATE SET "Last" = "RegistrationCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct)).Single();
        if (taken?.Transaction != tx.TransactionId) db.NumbersTaken = taken = new(tx.TransactionId);
        taken.Last[(unitId, year)] = next;
        return next;
    }

    public static string Format(string unitCode, int year, long sequence) => $"{unitCode}-{year}-{sequence:D6}";
}

/// <summary>The last numbers a transaction took, per unit and year, while it holds their counters.</summary>
public sealed class TakenNumbers(Guid transaction)
{
    public Guid Transaction { get; } = transaction;
    public Dictionary<(Guid UnitId, int Year), long> Last { get; } = [];
}
