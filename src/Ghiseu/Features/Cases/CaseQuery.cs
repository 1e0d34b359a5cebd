using System.Globalization;
using System.Text;
using Ghiseu.Data;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Filters, sort and cursor of the case list; every filter runs in SQL inside the caller's scope.</summary>
public sealed record CaseQuery(string? Q = null, string? Status = null, string? Unit = null, string? Category = null,
    string? Priority = null, string? Queue = null, string? Assignee = null, string? CitizenEmail = null,
    string? CitizenPhone = null, Guid? Citizen = null, string? Tag = null, DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null, bool? Overdue = null, string? Sort = null, string? Cursor = null, int? Limit = null,
    string? Channel = null, DateTimeOffset? UpdatedFrom = null, DateTimeOffset? UpdatedTo = null)
{
    public static readonly string[] Sorts = ["-createdAt", "createdAt", "-updatedAt", "updatedAt"];

    /// <summary>Builds the filtered query, or returns field errors.</summary>
    public async Task<(IQueryable<Case>? Query, List<(string, string)> Errors)> BuildAsync(GhiseuDb db, UnitDirectory units, Guid? me, DateTimeOffset now, CancellationToken ct,
        int searchCandidates = CaseSearch.CandidateLimit, Func<IQueryable<Case>, IQueryable<Case>>? narrow = null, bool whole = false)
    {
        var errors = new List<(string, string)>();
        IQueryable<Case> q = db.Cases.AsNoTracking();
        if (Status is not null)
        {
            var list = Parse<CaseStatus>(Status, "status", errors);
            q = q.Where(c => list.Contains(c.Status));
            // Open statuses only: said as the range the partial index on open cases is defined by.
            if (list.Count > 0 && list.All(x => x < CaseStatus.Resolved)) q = q.Where(c => c.Status < CaseStatus.Resolved);
        }
        if (Priority is not null)
        {
            var list = Parse<Priority>(Priority, "priority", errors);
            q = q.Where(c => list.Contains(c.Priority));
        }
        if (Channel is not null)
        {
            var list = Parse<Ghiseu.Features.Cases.Channel>(Channel, "channel", errors);
            q = q.Where(c => list.Contains(c.Channel));
        }
        if (Unit is not null)
        {
            var u = await units.FindAsync(Unit, ct);
            if (u is null) errors.Add(("unit", "No such unit."));
            else q = q.Where(c => c.UnitId == u.Id);
        }
        if (Category is not null)
        {
            var ids = Guid.TryParse(Category, out var categoryId) ? [categoryId]
                : await db.Categories.Where(c => c.Code == Category).Select(c => c.Id).ToListAsync(ct);
            q = q.Where(c => ids.Contains(c.CategoryId));
        }
        if (Queue is not null)
        {
            var ids = Guid.TryParse(Queue, out var queueId) ? [queueId]
                : await db.Queues.Where(x => x.Code == Queue).Select(x => x.Id).ToListAsync(ct);
            q = q.Where(c => c.QueueId != null && ids.Contains(c.QueueId.Value));
        }
        if (Assignee is not null)
        {
            if (Assignee == "none") q = q.Where(c => c.AssigneeId == null);
            else if (Assignee == "me" && me is { } m) q = q.Where(c => c.AssigneeId == m);
            else if (Guid.TryParse(Assignee, out var a)) q = q.Where(c => c.AssigneeId == a);
            else errors.Add(("assignee", "Use a staff id, me or none."));
        }
        if (CitizenEmail is not null)
        {
            var email = ContactNormalizer.Email(CitizenEmail) ?? CitizenEmail.Trim().ToLowerInvariant();
            q = q.Where(c => ContactPoint.Holders(db, ContactKind.Email, email).Contains(c.CitizenId));
        }
        if (CitizenPhone is not null)
        {
            var phone = ContactNormalizer.Phone(CitizenPhone);
            if (phone is null) errors.Add(("citizenPhone", "This is not a valid phone number."));
            else q = q.Where(c => ContactPoint.Holders(db, ContactKind.Phone, phone).Contains(c.CitizenId));
        }
        if (Citizen is { } citizen) q = q.Where(c => c.CitizenId == citizen);
        if (Tag is not null) { var tag = Tag.Trim().ToLowerInvariant(); q = q.Where(c => c.Tags.Contains(tag)); }
        if (CreatedFrom is { } from) { var f = from.ToUniversalTime(); q = q.Where(c => c.CreatedAt >= f); }
        if (CreatedTo is { } to) { var t = to.ToUniversalTime(); q = q.Where(c => c.CreatedAt < t); }
        if (UpdatedFrom is { } uf) { var f = uf.ToUniversalTime(); q = q.Where(c => c.UpdatedAt >= f); }
        if (UpdatedTo is { } ut) { var t = ut.ToUniversalTime(); q = q.Where(c => c.UpdatedAt < t); }
        if (Overdue == true)
            q = q.Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed &&
                (c.ResolutionDue < now || c.LegalDue < now || (c.FirstRespondedAt == null && c.FirstResponseDue < now)));
        if (Sort is not null && !Sorts.Contains(Sort)) errors.Add(("sort", $"Use one of: {string.Join(", ", Sorts)}."));
        if (Limit is < 1 or > 200) errors.Add(("limit", "Use 1 to 200."));
        if (errors.Count > 0) return (null, errors);
        if (narrow is not null) q = narrow(q);
        // Full text last: it measures its selectivity against everything else the caller asked for.
        if (!string.IsNullOrWhiteSpace(Q)) q = await CaseSearch.ApplyAsync(db, q, Q, searchCandidates, ct, whole);
        return (q, errors);
    }

    /// <summary>Orders and pages with a keyset cursor (sort value + registration number), stable under inserts.</summary>
    public async Task<(List<Case> Items, string? Next)> PageAsync(IQueryable<Case> q, CancellationToken ct)
    {
        var limit = Limit ?? 25;
        var sort = Sort ?? "-createdAt";
        var byUpdated = sort.EndsWith("updatedAt", StringComparison.Ordinal);
        var desc = sort.StartsWith('-');
        if (DecodeCursor(Cursor) is { } cur)
        {
            var (at, num) = cur;
            q = (byUpdated, desc) switch
            {
                // The plain bound first gives the database an index range that starts at the cursor.
                (false, true) => q.Where(c => c.CreatedAt <= at && (c.CreatedAt < at || string.Compare(c.RegistrationNumber, num) < 0)),
                (false, false) => q.Where(c => c.CreatedAt >= at && (c.CreatedAt > at || string.Compare(c.RegistrationNumber, num) > 0)),
                (true, true) => q.Where(c => c.UpdatedAt <= at && (c.UpdatedAt < at || string.Compare(c.RegistrationNumber, num) < 0)),
                (true, false) => q.Where(c => c.UpdatedAt >= at && (c.UpdatedAt > at || string.Compare(c.RegistrationNumber, num) > 0)),
            };
        }
        q = (byUpdated, desc) switch
        {
            (false, true) => q.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.RegistrationNumber),
            (false, false) => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.RegistrationNumber),
            (true, true) => q.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.RegistrationNumber),
            (true, false) => q.OrderBy(c => c.UpdatedAt).ThenBy(c => c.RegistrationNumber),
        };
        var items = await q.Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            var last = items[^1];
            next = EncodeCursor(byUpdated ? last.UpdatedAt : last.CreatedAt, last.RegistrationNumber);
        }
        return (items, next);
    }

    private static string EncodeCursor(DateTimeOffset at, string number) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.UtcTicks}|{number}"));

    /// <summary>Reads a cursor; a malformed one is treated as an error by the caller.</summary>
    public static (DateTimeOffset, string)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('|', 2);
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new BadHttpRequestException("The cursor is not one this API returned.");
        }
    }

    private static List<T> Parse<T>(string csv, string field, List<(string, string)> errors) where T : struct, Enum
    {
        var list = new List<T>();
        foreach (var part in csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Json.TryParse<T>(part, out var v)) list.Add(v);
            else errors.Add((field, $"Unknown value {part}; use {string.Join(", ", Enum.GetValues<T>().Select(x => Json.Name(x)))}."));
        }
        return list;
    }
}
