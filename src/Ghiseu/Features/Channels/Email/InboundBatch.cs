using Ghiseu.Data;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A leased batch with what its preparation made of each message, and the scope it lives in.</summary>
internal sealed class InboundBatch(AsyncServiceScope scope, string node, List<InboundEmail> rows) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;
    public GhiseuDb Db { get; } = scope.ServiceProvider.GetRequiredService<GhiseuDb>();
    public string Node => node;
    public List<InboundEmail> Rows => rows;
    public PreparedEmail?[] Prepared { get; } = new PreparedEmail?[rows.Count];
    public Exception?[] Failed { get; } = new Exception?[rows.Count];

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
