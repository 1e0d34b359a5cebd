namespace Ghiseu.Features.Idempotency;

/// <summary>
/// Endpoint metadata: how to answer a retried request again from what its change committed, when
/// the process died after the commit and before the first answer was stored. <see cref="Resource"/>
/// is the entity type the change creates or changes (its <c>Id</c> is saved with the key, in the
/// change's own transaction); <see cref="Rebuild"/> reads that entity as it is now and answers as
/// the endpoint does (null when it can no longer be read).
/// </summary>
public sealed record IdempotentReplay(Type Resource, Func<HttpContext, Guid, CancellationToken, Task<IResult?>> Rebuild);

public static class IdempotentEndpoints
{
    /// <summary>Honors Idempotency-Key on the endpoint; a retry after a crash is answered by <paramref name="rebuild"/>.</summary>
    public static RouteHandlerBuilder Idempotent<TResource>(this RouteHandlerBuilder endpoint,
        Func<HttpContext, Guid, CancellationToken, Task<IResult?>> rebuild) =>
        endpoint.WithMetadata(new IdempotentReplay(typeof(TResource), rebuild)).AddEndpointFilter<IdempotencyFilter>();
}
