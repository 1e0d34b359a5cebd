namespace Ghiseu.Features.Cases;

/// <summary>The allowed status transitions, enforced on the server for every channel.</summary>
public static class StatusMachine
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.Open, CaseStatus.PendingCitizen, CaseStatus.PendingThirdParty, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.Open] = [CaseStatus.PendingCitizen, CaseStatus.PendingThirdParty, CaseStatus.Resolved],
        [CaseStatus.PendingCitizen] = [CaseStatus.Open, CaseStatus.PendingThirdParty, CaseStatus.Resolved],
        [CaseStatus.PendingThirdParty] = [CaseStatus.Open, CaseStatus.PendingCitizen, CaseStatus.Resolved],
        [CaseStatus.Resolved] = [CaseStatus.Closed, CaseStatus.Open],
        [CaseStatus.Closed] = [CaseStatus.Open],
    };

    public static bool CanMove(CaseStatus from, CaseStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<CaseStatus> Next(CaseStatus from) => Allowed[from];
}
