using System.Security.Cryptography;
using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Idempotency;

/// <summary>
/// Honors the Idempotency-Key header on a POST. The key's record is added to the request's context
/// before the handler runs, so it commits in the same transaction as the handler's change: a retry
/// after any failure either finds the stored answer or finds nothing was done. A key reused with a
/// different body answers 422. The id of what the change touched is saved with the key (see
/// <see cref="IdempotentReplay"/>), so a retry after a crash between the commit and storing the
/// answer is answered from the committed resource; only a key of an endpoint without a replay, whose
/// answer was never stored, answers 409 in doubt.
/// </summary>
public sealed class IdempotencyFilter(GhiseuDb db, TimeProvider clock) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key)) return await next(context);
        if (key.Length > 200) return Problems.Validation((Header, "The key is at most 200 characters."));

        var scope = $"{http.User.StaffId()?.ToString() ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous"} {http.GetEndpoint()?.DisplayName}";
        // The path is part of the request: the same note sent to another case is another request.
        var request = new { path = http.Request.Path.Value, body = context.Arguments.Where(IsBody) };
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json.Options)));
        var replay = http.GetEndpoint()?.Metadata.GetMetadata<IdempotentReplay>();
        var earlier = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
        if (earlier is not null) return await ReplayAsync(earlier, hash, replay, http);

        var record = new IdempotencyRecord { Scope = scope, Key = key, RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        db.IdempotencyRecords.Add(record);
        EventHandler<SavingChangesEventArgs> noteResource = (_, _) => NoteResource(record, replay);
        db.SavingChanges += noteResource;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key committed first: answer as it did.
            if (await FindAsync(scope, key) is { } winner) return await ReplayAsync(winner, hash, replay, http);
            throw;
        }
        finally
        {
            db.SavingChanges -= noteResource;
        }
        if (db.Entry(record).State == EntityState.Added)
        {
            db.Entry(record).State = EntityState.Detached; // the handler changed nothing: nothing to remember
            return result;
        }
        // A typed union (Results<Ok<T>, …>) carries the answer it chose inside.
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (answer is IStatusCodeHttpResult { StatusCode: { } status } && answer is IValueHttpResult value)
        {
            record.StatusCode = status;
            record.ResponseBody = JsonSerializer.Serialize(value.Value, value.Value?.GetType() ?? typeof(object), Json.Options);
            record.Location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            await db.SaveChangesAsync(http.RequestAborted);
        }
        return result;
    }

    private static bool IsBody(object? argument) =>
        argument is not null and not HttpContext and not HttpRequest and not CancellationToken and not System.Security.Claims.ClaimsPrincipal
        && argument.GetType().Namespace?.StartsWith("Ghiseu.", StringComparison.Ordinal) == true
        && !argument.GetType().Name.EndsWith("Db", StringComparison.Ordinal) && argument.GetType().IsSealed && IsRecord(argument.GetType());

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

    /// <summary>Before the change's SaveChanges: the record learns which resource the change is about.</summary>
    private void NoteResource(IdempotencyRecord record, IdempotentReplay? replay)
    {
        if (replay is null || record.ResourceId is not null || db.Entry(record).State != EntityState.Added) return;
        var touched = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.ClrType == replay.Resource && e.State is EntityState.Added or EntityState.Modified)
            .OrderBy(e => e.State == EntityState.Added ? 0 : 1).FirstOrDefault();
        record.ResourceId = touched?.Property("Id").CurrentValue as Guid?;
    }

    private async Task<IdempotencyRecord?> FindAsync(string scope, string key)
    {
        db.ChangeTracker.Clear();
        return await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key);
    }

    private static async Task<IResult> ReplayAsync(IdempotencyRecord earlier, string hash, IdempotentReplay? replay, HttpContext http)
    {
        if (earlier.RequestHash != hash)
            return Problems.Unprocessable("This Idempotency-Key was used for a different request.", "idempotency-key-reused");
        if (earlier.StatusCode is { } status) return new ReplayResult(status, earlier.Location, earlier.ResponseBody);
        // The change committed but its answer was not stored (the process died, or the first request is
        // still between its two saves): answer from what was committed.
        if (replay is not null && earlier.ResourceId is { } id && await replay.Rebuild(http, id, http.RequestAborted) is { } rebuilt)
            return new Replayed(rebuilt);
        return Problems.Conflict("A request with this Idempotency-Key was carried out, but its answer was not kept; read the resource instead.", "idempotency-in-doubt");
    }

    private sealed class Replayed(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return inner.ExecuteAsync(http);
        }
    }

    private sealed class ReplayResult(int status, string? location, string? body) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (location is not null) http.Response.Headers.Location = location;
            if (body is null) return;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body);
        }
    }
}
