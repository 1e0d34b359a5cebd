using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Notifications;

/// <summary>Posts an SMS to the configured HTTP gateway; any non-2xx answer is a failure to retry.</summary>
public sealed class SmsGateway(HttpClient http, IOptionsMonitor<SmsOptions> options)
{
    public async Task SendAsync(string to, string text, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Url)) throw new InvalidOperationException("No SMS gateway is configured (Ghiseu:Sms:Url).");
        var json = o.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        string Escape(string v) => json ? JsonEncodedText.Encode(v).ToString() : Uri.EscapeDataString(v);
        var body = o.BodyTemplate.Replace("{to}", Escape(to), StringComparison.Ordinal)
            .Replace("{from}", Escape(o.From), StringComparison.Ordinal).Replace("{text}", Escape(text), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(o.ContentType) { CharSet = "utf-8" };
        if (!string.IsNullOrEmpty(o.User))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.User}:{o.Password}")));
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"SMS gateway answered {(int)response.StatusCode}: {(answer.Length > 200 ? answer[..200] : answer)}");
        }
    }
}
