using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Authorization;
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

    /// <summary>The signed-in staff member as the actor of the commands the desk runs.</summary>
    public Actor.Staff Actor => (session.User ?? throw new InvalidOperationException("No one is signed in to the desk.")).Actor(session.Scope);

    /// <summary>A change that is not a command's (saved views, canned answers): runs only for a role holding the policy.</summary>
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
    /// Runs a case command as the signed-in staff member, for a role holding the policy; null when done, or
    /// why not in the user's language.
    /// </summary>
    public async Task<string?> CommandAsync<T>(Func<IServiceProvider, Actor, Task<Outcome<T>>> command, string policy = Roles.CaseWorkPolicy) =>
        await MayAsync(policy) ? await ReadAsync<string?>(async sp =>
        {
            try
            {
                return (await command(sp, Actor)).Failure is { } failure ? DeskFailures.Describe(failure) : null;
            }
            catch (DbUpdateConcurrencyException)
            {
                return DeskFailures.Describe(new Failure.Stale(0));
            }
        }) : DeskText.NotAllowedToChange;

    /// <summary>Loads the case, applies the change and saves it (its case events are written with it); see <see cref="CommandAsync"/>.</summary>
    public Task<string?> ChangeAsync(Guid caseId, Func<IServiceProvider, Case, Actor, Task<Failure?>> change, CancellationToken ct) =>
        CommandAsync((sp, actor) => sp.GetRequiredService<CaseWork>().ChangeAsync(caseId.ToString(), actor, null, c => change(sp, c, actor), ct));

    /// <summary>Why an endpoint-shaped result is a refusal, in words; null when it is a success (for pages not yet on commands).</summary>
    public static string? Describe(IResult result) => result switch
    {
        Microsoft.AspNetCore.Http.HttpResults.ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)),
        Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p => p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "",
        _ => null,
    };
}
