using Ghiseu.Web.Resources;

namespace Ghiseu.Web;

/// <summary>
/// Reads a posted form once, after authorization and before the endpoint (and before antiforgery,
/// which reads it too). A body cut short mid-part or otherwise not a form is answered 400 — a
/// problem for programs, a page for browsers — and never reaches the endpoint, so nothing is stored
/// and nothing is logged as an error. Endpoints and pages then get the parsed form from the request.
/// </summary>
public static class FormGuard
{
    public static async Task ReadFormFirst(HttpContext http, Func<Task> next)
    {
        if (http.GetEndpoint() is null || !HttpMethods.IsPost(http.Request.Method) && !HttpMethods.IsPut(http.Request.Method)
            || !http.Request.HasFormContentType)
        {
            await next();
            return;
        }
        string? why = null;
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is IOException or OperationCanceledException)
        {
            return; // the client went away: nobody is left to answer
        }
        catch (InvalidDataException e)
        {
            why = e.Message; // the framework's own words: a limit of the form, or a malformed part
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status400BadRequest)
        {
            why = Messages.FormCut; // the server's "unexpected end of request content"
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            why = Messages.FormCut; // the multipart reader's "unexpected end of stream"
        }
        if (why is null)
        {
            await next(); // outside the try: what the endpoint itself throws is not the form's fault
            return;
        }
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormGuard))
            .LogInformation("Form posted to {Path} refused: {Reason}", http.Request.Path, why);
        if (http.Response.HasStarted) return;
        if (WebPages.WantsHtml(http))
            await WebPages.WriteErrorPageAsync(http, StatusCodes.Status400BadRequest, Features.Portal.PortalText.FormCutTitle, Features.Portal.PortalText.FormCutText);
        else
            await Problems.Make(StatusCodes.Status400BadRequest, Messages.ProblemFormInvalid, why, "invalid-form").ExecuteAsync(http);
    }
}
