using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Data;

/// <summary>
/// SQLite has one writer at a time. Left alone, Microsoft.Data.Sqlite answers a busy database by
/// sleeping 150 ms and trying again, so a write that meets another (the email worker, the outbox, a
/// request) waits 150 ms even when the other finishes in 2. SQLite's own busy handler, set here on
/// every connection, retries after 1, 2, 5, 10… ms instead.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

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
