using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ghiseu.Data;

public static class DataServices
{
    /// <summary>
    /// Registers the provider's context factory, a request-scoped <see cref="GhiseuDb"/> that carries
    /// the caller's unit scope, and an <see cref="IDbContextFactory{GhiseuDb}"/> for background work.
    /// </summary>
    public static IServiceCollection AddGhiseuData(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<GhiseuOptions>().BindConfiguration(GhiseuOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();

        var db = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDir = config[$"{GhiseuOptions.Section}:DataDirectory"] ?? "./data";
        var cs = config.GetConnectionString("Ghiseu");
        if (db.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(cs))
                throw new OptionsValidationException("ConnectionStrings:Ghiseu", typeof(DatabaseOptions),
                    ["ConnectionStrings__Ghiseu must name the PostgreSQL server when the provider is Postgres."]);
            cs = WithPreparedStatements(cs);
            services.AddDbContextFactory<PostgresGhiseuDb>((sp, o) => o.UseNpgsql(cs).AddInterceptors(Interceptors(sp)));
            services.AddSingleton<IDbContextFactory<GhiseuDb>>(sp => new Factory<PostgresGhiseuDb>(sp.GetRequiredService<IDbContextFactory<PostgresGhiseuDb>>(), sp.GetService<IAmbientActor>()));
        }
        else
        {
            Directory.CreateDirectory(dataDir);
            cs = string.IsNullOrWhiteSpace(cs) ? $"Data Source={Path.Combine(dataDir, "ghiseu.db")}" : cs;
            services.AddDbContextFactory<SqliteGhiseuDb>((sp, o) => o.UseSqlite(cs).AddInterceptors([.. Interceptors(sp), new SqliteBusyTimeout()]));
            services.AddSingleton<IDbContextFactory<GhiseuDb>>(sp => new Factory<SqliteGhiseuDb>(sp.GetRequiredService<IDbContextFactory<SqliteGhiseuDb>>(), sp.GetService<IAmbientActor>()));
        }

        services.AddScoped<CircuitIdentity>();
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContext();
            var circuit = sp.GetRequiredService<CircuitIdentity>();
            var http = sp.GetRequiredService<IHttpContextAccessor>().HttpContext;
            var ambient = sp.GetService<IAmbientActor>();
            // Decided at every query: an interactive session's identity wins over whatever HttpContext
            // the circuit happens to see; a request uses its own scope; background work sees all.
            context.ScopeSource = () => circuit.InCircuit ? circuit.Scope
                : http is not null ? http.Features.Get<AccessScope>() ?? AccessScope.None
                : AccessScope.System;
            context.ActorSource = () => (circuit.InCircuit ? circuit.AuditActor : null) ?? ambient?.Current;
            return context;
        });
        return services;
    }

    /// <summary>
    /// Statements the application runs again and again (every case creation sends the same dozen)
    /// are prepared on each connection after their fifth use, so PostgreSQL stops parsing and
    /// planning them anew: that was a quarter of its CPU while registering email. A connection string
    /// that sets <c>Max Auto Prepare</c> itself (0 behind a pooler that cannot keep prepared
    /// statements) is left alone. 256 slots: the statements of every feature together outgrew 64, and
    /// a full cache evicts and re-prepares on every turn, which cost case creation a third of its
    /// rate (see benchmarks.md, "Case events").
    /// </summary>
    internal static string WithPreparedStatements(string cs)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        if (!cs.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !cs.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            b.MaxAutoPrepare = 256;
        return b.ConnectionString;
    }

    /// <summary>The audit trail's, then those features registered as <see cref="ISaveChangesInterceptor"/> (live updates).</summary>
    private static IEnumerable<IInterceptor> Interceptors(IServiceProvider sp) =>
        [.. sp.GetServices<IAuditTrail>(), .. sp.GetServices<ISaveChangesInterceptor>()];

    /// <summary>Contexts made here serve background work: they see every unit.</summary>
    private sealed class Factory<T>(IDbContextFactory<T> inner, IAmbientActor? ambient) : IDbContextFactory<GhiseuDb> where T : GhiseuDb
    {
        public GhiseuDb CreateDbContext()
        {
            var context = inner.CreateDbContext();
            context.Scope = AccessScope.System;
            // Work started by a request still carries the request's user; a job's is no one's.
            if (ambient is not null) context.ActorSource = () => ambient.Current;
            // SQLite: one open per context instead of one per query. Every open of a SqliteConnection
            // registers EF's SQL functions anew, and the handles of the replaced ones are left to the
            // finalizer: at a few hundred queries a second that was a third of the process's CPU.
            // Nothing is locked by an open connection; it closes with the context.
            if (context is SqliteGhiseuDb) context.Database.OpenConnection();
            return context;
        }
    }
}
