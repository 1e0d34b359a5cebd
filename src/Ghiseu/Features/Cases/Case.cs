using Ghiseu.Data;

namespace Ghiseu.Features.Cases;

/// <summary>A citizen's request, complaint or notice, from intake to closure. Its rules live here.</summary>
public sealed class Case
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Per unit and year, without gaps: PAR-2026-000123.</summary>
    public string RegistrationNumber { get; set; } = "";

    /// <summary>Unguessable code that lets a citizen without an account follow the case.</summary>
    public string TrackingCode { get; set; } = "";

    public Guid UnitId { get; set; }
    public Guid? QueueId { get; set; }
    public Guid CategoryId { get; set; }
    public Guid CitizenId { get; set; }

    /// <summary>
    /// The address and number given with this case (normalized). The citizen's portal sign-in lists
    /// the cases of its address, and notifications go here: matching may join the case to a citizen
    /// record, but never sends it to another address found on that record.
    /// </summary>
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public Guid? AssigneeId { get; set; }

    public required string Subject { get; set; }
    public required string Description { get; set; }
    public Channel Channel { get; set; }

    /// <summary>Where the citizen asked to be answered (email, sms or portal); null means the channel of origin.</summary>
    public Channel? ReplyChannel { get; set; }
    public Priority Priority { get; set; } = Priority.Normal;
    public CaseStatus Status { get; private set; } = CaseStatus.New;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FirstResponseDue { get; set; }
    public DateTimeOffset? ResolutionDue { get; set; }
    public DateTimeOffset? LegalDue { get; set; }
    public DateTimeOffset? FirstRespondedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Address { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Values of the category's form fields, by field code.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>Each folded word of the number, subject, description and tags once, for search that ignores case and diacritics.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>Set when this case was merged into another one.</summary>
    public Guid? MergedIntoId { get; set; }

    /// <summary>The citizen's rating of the answer, 1 to 5, with an optional comment.</summary>
    public int? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTimeOffset? RatedAt { get; private set; }

    /// <summary>Optimistic concurrency token, exposed as the ETag.</summary>
    public int Version { get; set; }

    public List<Interaction> Interactions { get; set; } = [];
    public List<CaseLink> Links { get; set; } = [];
    public List<Referral> Referrals { get; set; } = [];

    public void TransitionTo(CaseStatus to, DateTimeOffset now)
    {
        // A move to the status the case already has would only write a "new → new" entry: it is refused like any illegal move.
        if (to == Status)
            throw new DomainException("illegal-transition", $"The case is already {Json.Name(Status)}.");
        if (!StatusMachine.CanMove(Status, to))
            throw new DomainException("illegal-transition",
                $"A case cannot move from {Json.Name(Status)} to {Json.Name(to)}; allowed: {string.Join(", ", StatusMachine.Next(Status).Select(s => Json.Name(s)))}.");
        Status = to;
        if (to == CaseStatus.Resolved) ResolvedAt = now;
        if (to == CaseStatus.Closed) ClosedAt = now;
        if (to == CaseStatus.Open) { ResolvedAt = null; ClosedAt = null; }
        Touch(now);
    }

    /// <summary>Marks the first outbound answer, which stops the first-response clock.</summary>
    public void Responded(DateTimeOffset now)
    {
        FirstRespondedAt ??= now;
        if (Status == CaseStatus.New) Status = CaseStatus.Open;
        Touch(now);
    }

    public void Assign(Guid? staffId, DateTimeOffset now)
    {
        if (Status == CaseStatus.Closed)
            throw new DomainException("case-closed", "A closed case cannot be assigned; reopen it first.");
        AssigneeId = staffId;
        if (staffId is not null && Status == CaseStatus.New) Status = CaseStatus.Open;
        Touch(now);
    }

    /// <summary>The citizen rates the answer once the case is resolved; a new rating replaces the old one.</summary>
    public void Rate(int score, string? comment, DateTimeOffset now)
    {
        if (Status is not (CaseStatus.Resolved or CaseStatus.Closed))
            throw new DomainException("not-resolved", "A request can be rated once it is resolved.");
        if (score is < 1 or > 5) throw new DomainException("rating-range", "The rating is from 1 to 5.", conflict: false);
        Rating = score;
        RatingComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        RatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The citizen wrote back: a case waiting for them goes back to work.</summary>
    public void CitizenReplied(DateTimeOffset now)
    {
        if (Status == CaseStatus.PendingCitizen) Status = CaseStatus.Open;
        Touch(now);
    }

    /// <summary>Closes the case as a duplicate of another, whatever its status: its work continues there.</summary>
    public void CloseAsMerged(Guid targetId, DateTimeOffset now)
    {
        MergedIntoId = targetId;
        Status = CaseStatus.Closed;
        ClosedAt = now;
        Touch(now);
    }

    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>Sets <see cref="SearchText"/>; called by the save path when the case is new or its text changed.</summary>
    public void IndexForSearch() =>
        SearchText = TextFolding.Words($"{RegistrationNumber} {Subject} {Description} {string.Join(' ', Tags)}");

    public bool IsOverdue(DateTimeOffset now) =>
        Status is not (CaseStatus.Resolved or CaseStatus.Closed) &&
        (ResolutionDue < now || LegalDue < now || (FirstRespondedAt is null && FirstResponseDue < now));
}
