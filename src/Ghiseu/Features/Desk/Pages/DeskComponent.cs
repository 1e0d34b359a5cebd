using Microsoft.AspNetCore.Components;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>
/// A desk component whose work stops when it goes away (the user moves on, or the circuit closes):
/// <see cref="Aborted"/> is cancelled on disposal and passed to every query and command the component
/// starts. Blazor ignores a handler or lifecycle task that ends cancelled.
/// </summary>
public abstract class DeskComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource aborted = new();

    protected DeskComponent() => Aborted = aborted.Token;

    /// <summary>Read once: still valid after the source is disposed, for work that ends after the component.</summary>
    protected CancellationToken Aborted { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        aborted.Cancel();
        aborted.Dispose();
    }
}
