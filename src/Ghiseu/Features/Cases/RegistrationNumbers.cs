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
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Registration numbers are taken inside the transaction that saves the case.");
        // One statement: the year's first case creates the counter at 1, every later one increments it.
        var next = await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO "RegistrationCounters" ("UnitId", "Year", "Last") VALUES ({unitId}, {year}, 1)
            ON CONFLICT ("UnitId", "Year") DO UPDATE SET "Last" = "RegistrationCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return next.Single();
    }

    public static string Format(string unitCode, int year, long sequence) => $"{unitCode}-{year}-{sequence:D6}";
}
