using Ghiseu.Data;

namespace Ghiseu.Common;

/// <summary>
/// Who asks for a change: what a command may do and whose name the timeline shows come from here,
/// never from the transport that carried the request (an HTTP call, a desk circuit, a mail, a job).
/// </summary>
public abstract record Actor(string Name)
{
    /// <summary>A signed-in staff member, limited to the units of <paramref name="Scope"/>.</summary>
    public sealed record Staff(Guid Id, string Name, AccessScope Scope) : Actor(Name);

    /// <summary>
    /// A citizen, as far as the channel knows them: <paramref name="CitizenId"/> when they proved a
    /// contact (portal sign-in) or hold the case's tracking code, else null (a sender as claimed).
    /// </summary>
    public sealed record Citizen(Guid? CitizenId, string Name) : Actor(Name);

    /// <summary>Ghiseu itself, acting for a named rule or job (shown as the author, kept in the audit).</summary>
    public sealed record System(string For) : Actor("Ghiseu");

    /// <summary>The staff member's id, for fields that record who did something.</summary>
    public Guid? StaffId => this is Staff s ? s.Id : null;
}
