using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ghiseu.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>
/// Hosts Ghiseu on a fresh database of the provider named by GHISEU_TEST_PROVIDER (Sqlite by default;
/// Postgres uses a new database on the server in GHISEU_TEST_POSTGRES), seeded with the demo organization.
/// </summary>
public class GhiseuFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Test-Password-2026";
    public static string Provider => Environment.GetEnvironmentVariable("GHISEU_TEST_PROVIDER") ?? "Sqlite";
    public static bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    private readonly string dataDir;
    private readonly string? pgDatabase;
    private readonly bool ownsStorage;
    private readonly Dictionary<string, string> tokens = [];

    public GhiseuFactory() : this(null) { }

    /// <summary>
    /// With <paramref name="primary"/>: another node of the same deployment, on the primary's database
    /// and data directory, which the primary creates, seeds and drops; start it after the primary.
    /// </summary>
    protected GhiseuFactory(GhiseuFactory? primary)
    {
        ownsStorage = primary is null;
        dataDir = primary?.dataDir ?? Path.Combine(Path.GetTempPath(), "ghiseu-tests", Guid.NewGuid().ToString("N"));
        pgDatabase = primary is not null ? primary.pgDatabase : IsPostgres ? $"ghiseu_t_{Guid.NewGuid():N}" : null;
    }

    /// <summary>Demo cases to seed; a few are enough for most tests.</summary>
    protected virtual int DemoCases => 30;

    /// <summary>Extra settings of a derived factory.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public string DataDirectory => dataDir;

    private static string AdminConnection => Environment.GetEnvironmentVariable("GHISEU_TEST_POSTGRES")
        ?? throw new InvalidOperationException("GHISEU_TEST_POSTGRES must name a PostgreSQL server for the Postgres test run; ./ghiseu test starts one.");

    public string ConnectionString => IsPostgres
        ? new NpgsqlConnectionStringBuilder(AdminConnection) { Database = pgDatabase, Pooling = true, MaxPoolSize = 50 }.ConnectionString
        : $"Data Source={Path.Combine(dataDir, "ghiseu.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(dataDir);
        builder.UseSetting("Ghiseu:DataDirectory", dataDir);
        builder.UseSetting("Ghiseu:Database:Provider", IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Ghiseu", ConnectionString);
        builder.UseSetting("Ghiseu:Demo:Enabled", ownsStorage ? "true" : "false");
        builder.UseSetting("Ghiseu:Demo:Password", Password);
        builder.UseSetting("Ghiseu:Demo:Cases", DemoCases.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // No test asks the machine's resolver: sender checks run only where a test gives them a local DNS peer.
        builder.UseSetting("Ghiseu:Email:Authentication:Enabled", "false");
        builder.UseSetting("Ghiseu:RateLimits:LoginPerMinute", "100000");
        builder.UseSetting("Ghiseu:RateLimits:PublicPerMinute", "100000");
        builder.UseSetting("Ghiseu:RateLimits:SubmitPerHour", "100000");
        builder.UseSetting("Ghiseu:RateLimits:TrackingPerMinute", "100000");
        // Every test request comes from one address; SignInAttackTests check the address throttle.
        builder.UseSetting("Ghiseu:SignInThrottle:AddressFailures", "100000");
        // Many hosts run side by side: only the email tests listen for mail, each on a port of its own.
        builder.UseSetting("Ghiseu:Email:Smtp:Enabled", "false");
        builder.UseSetting("Ghiseu:Email:Imap:Enabled", "false");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
    }

    public virtual async Task InitializeAsync()
    {
        if (IsPostgres && ownsStorage)
        {
            await using var admin = new NpgsqlConnection(AdminConnection);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        StartServer(); // starts the host (a TestServer, or Kestrel when a derived factory asks): migrations and demo seeding run now
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (!ownsStorage) return;
        NpgsqlConnection.ClearAllPools();
        if (IsPostgres)
        {
            await using var admin = new NpgsqlConnection(AdminConnection);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A client signed in as the demo staff member (bearer token from /api/v1/auth/login).</summary>
    public async Task<HttpClient> ClientFor(string email)
    {
        if (!tokens.TryGetValue(email, out var token))
        {
            using var anon = CreateClient();
            var response = await anon.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<LoginResponse>())!.AccessToken;
            tokens[email] = token;
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> Paris() => ClientFor(Staff.Paris);
    public Task<HttpClient> Madrid() => ClientFor(Staff.Madrid);
    public Task<HttpClient> Admin() => ClientFor(Staff.Admin);

    /// <summary>Runs a query with full (system) scope, to check what really is in the database.</summary>
    public async Task<T> Db<T>(Func<GhiseuDb, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContextAsync();
        return await query(db);
    }

    private sealed record LoginResponse(string AccessToken, int ExpiresIn);
}

public static class Staff
{
    public const string Admin = "admin@demo.ghiseu.ro";
    public const string Supervisor = "supervisor@demo.ghiseu.ro";
    public const string Paris = "agent.paris@demo.ghiseu.ro";
    public const string Madrid = "agent.madrid@demo.ghiseu.ro";
    public const string Dispatcher = "dispatcher@demo.ghiseu.ro";
    public const string Auditor = "auditor@demo.ghiseu.ro";
}

/// <summary>One host for the tests of the collection; they create their own data and never assume totals.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<GhiseuFactory>
{
    public const string Name = "api";
}
