namespace Ghiseu.Features.Attachments;

/// <summary>How every stored file leaves the server, to staff or to citizens alike.</summary>
public static class AttachmentDownloads
{
    /// <summary>
    /// Always a download (Content-Disposition: attachment), never sniffed into another type, and,
    /// should a browser render it anyway, in a sandbox without scripts, styles or the site's origin.
    /// </summary>
    public static IResult Serve(HttpResponse response, Stream content, Attachment a, bool ranges = false)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, a.ContentType, a.FileName, enableRangeProcessing: ranges);
    }
}
