using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using System.Text;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Bench.Desk;

/// <summary>Query plans of the captured commands that read cases: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.</summary>
public static class Explain
{
    public static async Task<string> DescribeAsync(IServiceProvider sp, string scenario, List<(string Sql, DbParameter[] Parameters)> commands,
        Provider provider, CancellationToken ct)
    {
        var sb = new StringBuilder($"#### {scenario}\n\n");
        await using var db = await sp.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContextAsync(ct);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        foreach (var (sql, parameters) in commands.Where(c => c.Sql.Contains("FROM \"Cases\"", StringComparison.Ordinal)))
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = (provider == Provider.Postgres ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " : "EXPLAIN QUERY PLAN ") + sql;
            cmd.Parameters.AddRange(parameters);
            sb.Append("```\n").Append(sql.Trim()).Append("\n--\n");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                sb.Append(provider == Provider.Postgres ? r.GetString(0) : $"{r.GetInt32(0)}<{r.GetInt32(1)}: {r.GetString(3)}").Append('\n');
            sb.Append("```\n\n");
        }
        return sb.ToString();
    }
}
