namespace Ghiseu.Features.Knowledge;

/// <summary>
/// What an article said after one write (a creation, an edit or a restore), numbered 1, 2, … per
/// article. Rows are only ever added: a restore writes a new version equal to an old one.
/// </summary>
public sealed class ArticleVersion
{
    public Guid ArticleId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }

    /// <summary>Markdown source, as written.</summary>
    public required string Body { get; set; }

    public required string Language { get; set; }
    public Guid? UnitId { get; set; }
    public string? Topic { get; set; }
    public bool Published { get; set; }

    /// <summary>The staff member who wrote this version; null for system work.</summary>
    public Guid? StaffId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Set when this version was written by restoring an earlier one.</summary>
    public int? RestoredFrom { get; set; }
}

/// <summary>The one place that numbers versions: every write of an article calls it before saving.</summary>
public static class ArticleHistory
{
    /// <summary>Moves the article to its next version and adds that version's row, for the same SaveChanges.</summary>
    public static ArticleVersion Record(Data.GhiseuDb db, Article a, Guid? staffId, DateTimeOffset at, int? restoredFrom = null)
    {
        a.Version++;
        var version = new ArticleVersion
        {
            ArticleId = a.Id, Number = a.Version, Title = a.Title, Slug = a.Slug, Body = a.Body, Language = a.Language,
            UnitId = a.UnitId, Topic = a.Topic, Published = a.Published, StaffId = staffId, At = at, RestoredFrom = restoredFrom,
        };
        db.Add(version);
        return version;
    }
}
