using System.Net.Http.Json;
using System.Text.Json;

namespace Ghiseu.BrowserTests.Infrastructure;

/// <summary>One server, mail peer and browser for every browser test; tests make their own data.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalHost>
{
    public const string Name = "portal";
}

public static class Wait
{
    /// <summary>Polls until the value appears (mail and SMS go out through the outbox, a second or so later).</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, string what, int seconds = 20) where T : struct
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} did not arrive within {seconds} s.");
    }

    public static async Task<T> ForAsync<T>(Func<T?> probe, string what, int seconds = 20) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} did not arrive within {seconds} s.");
    }
}

public static class Requests
{
    /// <summary>Files a request through the public API, as another front end would; returns its number and code.</summary>
    public static async Task<(string Number, string Code)> FileAsync(this PortalHost host, string email, string unit = "PAR", string category = "information")
    {
        using var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit, category, description = "I would like to know the opening hours of the consulate.",
            citizen = new { name = "Ion Popescu", email }, consent = true,
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("registrationNumber").GetString()!, body.GetProperty("trackingCode").GetString()!);
    }

    /// <summary>Files a request with a PDF (multipart), as another front end would.</summary>
    public static async Task<(string Number, string Code)> FileWithPdfAsync(this PortalHost host, string email, string unit = "PAR")
    {
        using var client = host.CreateClient();
        using var form = new MultipartFormDataContent();
        form.Add(JsonContent.Create(new
        {
            unit, category = "information", description = "Atașez copia pașaportului pentru programare.",
            citizen = new { name = "Ion Fișier", email }, consent = true,
        }), "request");
        var pdf = new ByteArrayContent(Ghiseu.Tests.Attachments.TestFiles.Pdf("passport"));
        pdf.Headers.ContentType = new("application/pdf");
        form.Add(pdf, "files", "pasaport.pdf");
        var response = await client.PostAsync("/api/v1/portal/requests", form);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("registrationNumber").GetString()!, body.GetProperty("trackingCode").GetString()!);
    }

    /// <summary>A Paris agent answers and resolves the case, through the staff API.</summary>
    public static async Task ResolveAsync(this PortalHost host, string number)
    {
        using var staff = await host.Paris();
        var page = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={number}");
        var id = page.GetProperty("items")[0].GetProperty("id").GetString();
        foreach (var status in new[] { "open", "resolved" })
            (await staff.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status })).EnsureSuccessStatusCode();
    }
}
