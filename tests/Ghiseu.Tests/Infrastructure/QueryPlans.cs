using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>The database's plan for a query, and the steps of it that read a whole table.</summary>
public static class QueryPlans
{
    public sealed record Step(long Id, long Parent, string Detail);

    /// <summary>
    /// Steps that read a whole table. On SQLite a "SCAN x" also reads the rows of a subquery x
    /// (a co-routine) computed elsewhere in the plan: that is not a table scan, unless it sits inside
    /// the co-routine itself.
    /// </summary>
    public static List<Step> TableScans(List<Step> plan)
    {
        if (GhiseuFactory.IsPostgres) return [.. plan.Where(s => s.Detail.Contains("Seq Scan on", StringComparison.Ordinal))];
        bool Inside(Step s, Step ancestor)
        {
            for (var p = s.Parent; p != 0; p = plan.FirstOrDefault(x => x.Id == p)?.Parent ?? 0)
                if (p == ancestor.Id) return true;
            return false;
        }
        return [.. plan.Where(s => s.Detail.StartsWith("SCAN ", StringComparison.Ordinal) && !plan.Any(sub =>
            (sub.Detail == $"CO-ROUTINE {s.Detail[5..]}" || sub.Detail == $"MATERIALIZE {s.Detail[5..]}") && !Inside(s, sub)))];
    }

    /// <summary>
    /// The database's plan for the query, one line per step. On PostgreSQL sequential scans are priced
    /// out, so a plan that still scans has no way to use an index; the tables here are nearly empty and
    /// would otherwise be scanned whatever the query.
    /// With <paramref name="emptyTables"/> (PostgreSQL only), the plan a prepared statement keeps when
    /// it was made while those tables were empty and never analyzed, as on a new installation: the
    /// tables are shadowed by empty temporary copies and sequential scans keep their price.
    /// </summary>
    public static async Task<List<Step>> PlanAsync<T>(GhiseuDb db, IQueryable<T> query, params string[] emptyTables)
    {
        var text = query.ToQueryString();
        // The provider's parameter declarations ("-- @p='…'" or ".param set @p '…'") come first; the
        // plan of the statement with its parameters unbound is the same.
        var sql = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        // Prepared statements outlive the transaction, on a pooled connection.
        var name = $"plan_{Guid.NewGuid():N}";
        await db.Database.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        if (GhiseuFactory.IsPostgres)
        {
            // A generic plan: one made for any values, as a prepared statement reuses it.
            // Temporary tables come first in the search path, and go with the rollback.
            command.CommandText = emptyTables.Length == 0 ? "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_generic_plan"
                : "SET LOCAL plan_cache_mode = force_generic_plan; " + string.Concat(emptyTables.Select(t => $"CREATE TEMP TABLE \"{t}\" (LIKE public.\"{t}\" INCLUDING ALL); "));
            await command.ExecuteNonQueryAsync();
            command.CommandText = $"PREPARE {name} AS {Numbered(sql)}";
            await command.ExecuteNonQueryAsync();
            command.CommandText = $"EXPLAIN EXECUTE {name}({string.Join(", ", Enumerable.Repeat("NULL", Parameters(sql).Count))})";
        }
        else command.CommandText = $"EXPLAIN QUERY PLAN {sql}";
        var steps = new List<Step>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                steps.Add(GhiseuFactory.IsPostgres ? new Step(steps.Count + 1, 0, reader.GetString(0)) : new Step(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(3)));
        await tx.RollbackAsync();
        if (GhiseuFactory.IsPostgres)
        {
            command.Transaction = null;
            command.CommandText = $"DEALLOCATE {name}";
            await command.ExecuteNonQueryAsync();
        }
        Assert.NotEmpty(steps);
        return steps;
    }

    private static List<string> Parameters(string sql) =>
        [.. System.Text.RegularExpressions.Regex.Matches(sql, @"@[A-Za-z_][A-Za-z0-9_]*").Select(m => m.Value).Distinct()];

    private static string Numbered(string sql)
    {
        var names = Parameters(sql);
        for (var i = 0; i < names.Count; i++)
            sql = System.Text.RegularExpressions.Regex.Replace(sql, $@"{names[i]}\b", $"${i + 1}");
        return sql;
    }
}
