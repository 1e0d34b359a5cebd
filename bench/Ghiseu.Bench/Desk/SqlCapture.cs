using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Ghiseu.Bench.Desk;

/// <summary>Records the commands EF Core sends while armed, through its diagnostic events, so they can be explained afterwards.</summary>
public sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private readonly List<(string Sql, DbParameter[] Parameters)> captured = [];
    private volatile bool armed;

    public SqlCapture() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public void Arm() { lock (captured) captured.Clear(); armed = true; }

    public List<(string Sql, DbParameter[] Parameters)> Disarm()
    {
        armed = false;
        lock (captured) return [.. captured];
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == Microsoft.EntityFrameworkCore.DbLoggerCategory.Name) lock (listeners) listeners.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (!armed || e.Key != RelationalEventId.CommandExecuting.Name || e.Value is not CommandEventData data) return;
        var parameters = data.Command.Parameters.Cast<DbParameter>().Select(Clone).ToArray();
        lock (captured) captured.Add((data.Command.CommandText, parameters));
    }

    private static DbParameter Clone(DbParameter p) => p switch
    {
        NpgsqlParameter n => n.Clone(),
        SqliteParameter s => new SqliteParameter(s.ParameterName, s.Value),
        _ => throw new NotSupportedException(p.GetType().Name),
    };

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners) listeners.ForEach(l => l.Dispose());
    }
}
