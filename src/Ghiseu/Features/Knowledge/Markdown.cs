using Ganss.Xss;
using Markdig;

namespace Ghiseu.Features.Knowledge;

/// <summary>Renders article Markdown to HTML that is safe to show: no scripts, no event handlers, no foreign frames, no inline style, no classes.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = NewSanitizer();

    // Inline style lets an article cover the page (position: fixed) or load outside images (url()).
    // A class lets it borrow the page's own styles (a banner, a hidden or full-screen block); the portal
    // styles article bodies by element alone, so the classes Markdig writes (language-*, task-list…) go too.
    private static HtmlSanitizer NewSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }

    public static string ToSafeHtml(string markdown) => Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>Plain text of the article, for search and snippets.</summary>
    public static string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown, Pipeline);
}
