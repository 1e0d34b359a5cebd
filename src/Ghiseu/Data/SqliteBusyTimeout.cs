using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Data;

/// <summary>
/// SQLite has one writer at a time. Left alone, Microsoft.Data.Sqlite answers a busy database by
/// sleeping 150 ms and trying again, so a write that meets another (the email worker, the outbox, a
/// request) waits 150 ms even when the other finishes in 2. SQLite's own busy handler, set here on
/// every connection, retries after 1, 2, 5, 10… ms instead.
/// Temporary storage stays in memory: a statement that rewrites a large row inside a transaction
/// (a case with a 20 KB description) spills its statement journal past 64 KB, and on disk each
/// spill is a new file created, written and deleted.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
