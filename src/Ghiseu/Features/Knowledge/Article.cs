namespace Ghiseu.Features.Knowledge;

/// <summary>A public answer in the knowledge base, in one language, for every unit or for one unit's subtree.</summary>
public sealed class Article
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>URL name, unique per language (e.g. pasaport-pentru-minori).</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    /// <summary>Markdown source; rendered to sanitized HTML for display.</summary>
    public required string Body { get; set; }

    /// <summary>ro or en.</summary>
    public string Language { get; set; } = "ro";

    /// <summary>Unit (and its subtree) the article is about; null for every unit.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>Free topic, e.g. passport, civil-status, roads.</summary>
    public string? Topic { get; set; }

    public bool Published { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? AuthorId { get; set; }

    /// <summary>Number of the newest <see cref="ArticleVersion"/>; optimistic concurrency token, exposed as the ETag.</summary>
    public int Version { get; set; }

    /// <summary>Folded title, topic and text, for search that ignores case and diacritics.</summary>
    public string SearchText { get; set; } = "";

    public int HelpfulYes { get; set; }
    public int HelpfulNo { get; set; }

    /// <summary>Times a citizen about to file a request read this suggestion and gave up filing.</summary>
    public int Deflections { get; set; }
}
