namespace Ghiseu.Features.Citizens;

public enum SuggestionState { Open, Confirmed, Rejected }

/// <summary>
/// Two citizen records that may be one person. Raised when matching made a new record although another
/// held one of its keys without proof that would join them: an unverified contact point or an
/// unconfirmed CNP (public channels), or a record of a unit the staff member cannot see (staff). Staff
/// who can see both records confirm it, which merges the new record into the existing one, or reject it.
/// </summary>
public sealed class CitizenMatchSuggestion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The record the match made; confirming merges it into <see cref="ExistingCitizenId"/>.</summary>
    public Guid NewCitizenId { get; set; }

    public Guid ExistingCitizenId { get; set; }

    // The evidence: the keys both records hold, as normalized (E.164 phone, lower-case email, "network:handle").
    public string? SameEmail { get; set; }
    public string? SamePhone { get; set; }
    public string? SameCnp { get; set; }
    public string? SameMessaging { get; set; }

    public SuggestionState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>
    /// Changed by every change of the row, and checked when it is saved: two decisions on one suggestion,
    /// or a decision racing a merge that moves the suggestion to another record, cannot both pass.
    /// </summary>
    public int Version { get; set; }

    /// <summary>How many keys the two records share; more is stronger evidence.</summary>
    public int Strength => (SameEmail is null ? 0 : 1) + (SamePhone is null ? 0 : 1) + (SameCnp is null ? 0 : 1) + (SameMessaging is null ? 0 : 1);

    /// <summary>Notes one more key the existing record holds.</summary>
    public void Note(string key, string value)
    {
        switch (key)
        {
            case Keys.Email: SameEmail = value; break;
            case Keys.Phone: SamePhone = value; break;
            case Keys.Cnp: SameCnp = value; break;
            default: SameMessaging = value; break;
        }
    }

    /// <summary>The matching keys and their values, strongest identifier first.</summary>
    public IEnumerable<(string Key, string Value)> Evidence()
    {
        if (SameCnp is not null) yield return (Keys.Cnp, SameCnp);
        if (SamePhone is not null) yield return (Keys.Phone, SamePhone);
        if (SameEmail is not null) yield return (Keys.Email, SameEmail);
        if (SameMessaging is not null) yield return (Keys.Messaging, SameMessaging);
    }

    /// <summary>Staff decided whether the two records are one person.</summary>
    /// <exception cref="InvalidOperationException">The suggestion was decided already.</exception>
    public void Decide(bool samePerson, Guid? byId, string? byName, DateTimeOffset at)
    {
        if (State != SuggestionState.Open) throw new InvalidOperationException("The suggestion was decided already.");
        State = samePerson ? SuggestionState.Confirmed : SuggestionState.Rejected;
        (DecidedAt, DecidedById, DecidedBy) = (at, byId, byName);
        Version++;
    }

    /// <summary>The record on the other side of <paramref name="citizenId"/>.</summary>
    public Guid Other(Guid citizenId) => NewCitizenId == citizenId ? ExistingCitizenId : NewCitizenId;

    /// <summary>A record of the pair was merged into <paramref name="into"/>: the suggestion now concerns that record.</summary>
    public void MoveTo(Guid merged, Guid into)
    {
        if (NewCitizenId == merged) NewCitizenId = into;
        if (ExistingCitizenId == merged) ExistingCitizenId = into;
        Version++;
    }

    /// <summary>The names of the keys, as the API shows them.</summary>
    public static class Keys
    {
        public const string Email = "email";
        public const string Phone = "phone";
        public const string Cnp = "cnp";
        public const string Messaging = "messaging";
    }
}
