using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>
/// The case commands as the desk's pages call them: plain inputs and the circuit's cancellation token in,
/// null (done) or the reason in the user's language out. Each runs in its own unit of work
/// (<see cref="DeskWork"/>) as the signed-in staff member; the page's version of the case is not
/// checked, as the desk reloads the case after every change and on every change it is told about.
/// </summary>
public sealed class DeskCommands(DeskWork work)
{
    private static string Id(Guid caseId) => caseId.ToString();

    public Task<string?> ReplyAsync(Guid caseId, string body, Channel channel, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().MessageAsync(Id(caseId), body, channel, a, null, ct));

    /// <summary>An internal note; colleagues it mentions are told by email in the same transaction.</summary>
    public Task<string?> NoteAsync(Guid caseId, string body, CancellationToken ct) =>
        work.ChangeAsync(caseId, async (sp, c, actor) =>
        {
            var failure = sp.GetRequiredService<CaseWork>().Note(c, body, actor);
            var colleagues = await DeskSuggestions.ColleaguesAsync(sp, c.UnitId, ct);
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var to in Mentions.Find(body, colleagues.Select(x => x.Email)))
                sp.GetRequiredService<GhiseuDb>().OutboxMessages.Add(Mentions.Message(new(to, c.Id, c.RegistrationNumber, actor.Name, body), now));
            return failure;
        }, ct);

    public Task<string?> StatusAsync(Guid caseId, CaseStatus status, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().TransitionAsync(Id(caseId), status, null, a, null, ct));

    public Task<string?> PriorityAsync(Guid caseId, Priority priority, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().SetPriorityAsync(Id(caseId), priority, a, null, ct));

    public Task<string?> TakeAsync(Guid caseId, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().TakeAsync(Id(caseId), a, null, ct));

    public Task<string?> AssignAsync(Guid caseId, string? assignee, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().AssignAsync(Id(caseId), assignee, a, null, ct));

    public Task<string?> RecategorizeAsync(Guid caseId, string category, string? queue, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().RecategorizeAsync(Id(caseId), category, queue, a, null, ct));

    public Task<string?> TagsAsync(Guid caseId, IEnumerable<string> tags, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().SetTagsAsync(Id(caseId), tags, a, null, ct));

    public Task<string?> ReferAsync(Guid caseId, ReferralRequest request, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().ReferAsync(Id(caseId), request, a, null, ct));

    public Task<string?> RecordOutcomeAsync(Guid caseId, Guid referralId, string outcome, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().RecordOutcomeAsync(Id(caseId), referralId, outcome, a, ct));

    public Task<string?> LinkAsync(Guid caseId, LinkRequest request, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().LinkAsync(Id(caseId), request, a, null, ct));

    public Task<string?> MergeAsync(Guid caseId, string into, CancellationToken ct) =>
        work.CommandAsync((sp, a) => sp.GetRequiredService<CaseWork>().MergeAsync(Id(caseId), into, a, ct));

    /// <summary>A supervisor's bulk action; null when the role may not run it.</summary>
    public async Task<List<BulkItemResult>?> BulkAsync(BulkRequest request, CancellationToken ct) =>
        await work.MayAsync(Roles.SupervisorPolicy)
            ? await work.ReadAsync(sp => sp.GetRequiredService<BulkActions>().RunAsync(request, work.Actor, null, ct))
            : null;
}
