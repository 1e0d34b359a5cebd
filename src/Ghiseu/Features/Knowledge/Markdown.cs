using Ganss.Xss;
using Markdig;

namespace Ghiseu.Features.Knowledge;

/// <summary>Renders article Markdown to HTML that is safe to show: no scripts, no event handlers, no foreign frames.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string ToSafeHtml(string markdown) => Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>Plain text of the article, for search and snippets.</summary>
    public static string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown, Pipeline);
}
