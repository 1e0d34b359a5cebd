using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>
/// One unit of work per desk action: a fresh service scope (so a fresh data context, never a stale
/// one that lived as long as the page) that carries the session's unit scope and actor.
/// </summary>
public sealed class DeskWork(IServiceScopeFactory scopes, CircuitIdentity session, IAuthorizationService authorization)
{
    /// <summary>
    /// Whether the session's user holds the policy. Pages hide what a role may not do, but every change
    /// checks it here too: the desk's own path must refuse an auditor just as the API does.
    /// </summary>
    public async Task<bool> MayAsync(string policy) =>
        session.User is { } user && (await authorization.AuthorizeAsync(user, policy)).Succeeded;

    /// <summary>A change that is not a single-case edit (merge, referral outcome, bulk): runs only for a role holding the policy.</summary>
    public async Task<string?> WriteAsync(Func<IServiceProvider, Task<string?>> work, string policy = Roles.CaseWorkPolicy) =>
        await MayAsync(policy) ? await ReadAsync(work) : DeskText.NotAllowedToChange;

    public async Task<T> ReadAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<CircuitIdentity>();
        identity.InCircuit = true; // before anything resolves a data context in this scope
        identity.Scope = session.Scope;
        identity.AuditActor = session.AuditActor;
        identity.User = session.User;
        return await work(scope.ServiceProvider);
    }

    /// <summary>
    /// Loads the case, applies the change and saves it (its case events are written with it); returns null when
    /// done, or why not in words for the page.
    /// </summary>
    public async Task<string?> ChangeAsync(Guid caseId, Func<IServiceProvider, Case, Task<IResult?>> change) =>
        await MayAsync(Roles.CaseWorkPolicy) ? await ApplyAsync(caseId, change) : DeskText.NotAllowedToChange;

    private Task<string?> ApplyAsync(Guid caseId, Func<IServiceProvider, Case, Task<IResult?>> change) => ReadAsync<string?>(async sp =>
    {
        var db = sp.GetRequiredService<GhiseuDb>();
        var c = await sp.GetRequiredService<CaseReader>().FindAsync(caseId.ToString(), CancellationToken.None);
        if (c is null) return DeskText.CaseNotFound;
        try
        {
            if (await change(sp, c) is { } problem) return Describe(problem) ?? "";
            await db.SaveChangesAsync();
            return null;
        }
        catch (DomainException e)
        {
            return e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The case was changed meanwhile; look again.";
        }
    });

    /// <summary>Why a case-work result is a refusal, in words; null when it is a success.</summary>
    public static string? Describe(IResult result) => result switch
    {
        ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)),
        ProblemHttpResult p => p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "",
        _ => null,
    };
}
