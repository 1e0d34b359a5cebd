using System.Net;
using System.Text;
using Ghiseu.Features.Desk.Pages;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ghiseu.Tests.Security;

/// <summary>Attacks on the web layer shared by every feature: exports, JSON bodies, headers and HTML from mail.</summary>
[Collection(ApiCollection.Name)]
public class WebHardeningTests(GhiseuFactory app)
{
    [Fact]
    public async Task CaseExport_FormulaInSubjectAndName_WrittenAsText()
    {
        using var paris = await app.Paris();
        var marker = Guid.NewGuid().ToString("N");
        await paris.CreateCase(subject: $"=HYPERLINK(\"https://evil.example/{marker}\",\"click\")",
            citizen: new { name = "=cmd|' /C calc'!A0", email = $"f.{marker}@example.com" });
        await paris.CreateCase(subject: $"@SUM(1+1) {marker}", citizen: new { name = "-2+3+cmd|' /C calc'!A0", email = $"g.{marker}@example.com" });
        var csv = await paris.GetStringAsync("/api/v1/cases/export");
        var rows = csv.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
            foreach (var cell in row.TrimEnd('\r').Split(','))
            {
                var value = cell.Trim('"');
                Assert.False(value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal), $"cell starts a formula: {cell}");
            }
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'=cmd|", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM", csv, StringComparison.Ordinal);
        Assert.Contains("'-2+3", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_DuplicateKey_Returns400NamingTheField()
    {
        using var paris = await app.Paris();
        var body = """
            {"unit":"PAR","category":"information","subject":"harmless","subject":"=evil","description":"O întrebare despre program.",
             "channel":"walkIn","citizen":{"name":"Ana Pop","email":"ana.dup@example.com"}}
            """;
        var response = await paris.PostAsync("/api/v1/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Body();
        Assert.Contains("'subject'", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("more than once", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_DuplicateNestedKey_Returns400()
    {
        using var anon = app.CreateClient();
        var body = """{"email":"a@b.ro","password":"x","password":"y"}""";
        var response = await anon.PostAsync("/api/v1/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'password'", (await response.Body()).Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/request")]
    [InlineData("/desk/signin")]
    public async Task Page_HasExactlyOneContentSecurityPolicy(string path)
    {
        using var anon = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await anon.SendAsync(request);
        var policies = response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v.ToList() : [];
        Assert.Single(policies);
        Assert.Contains("frame-ancestors 'none'", policies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_OverHttps_AreSecure()
    {
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var form = await https.GetAsync("/request");
        var antiforgery = Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var culture = Cookies(await https.GetAsync("/culture/ro?returnUrl=/")).Single(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        Assert.Contains("secure", culture, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DeskHtml_StyleWithFixedPositionAndRemoteUrl_Dropped()
    {
        var html = DeskHtml.Sanitize("""
            <div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(https://evil.example/read?id=1)">Your session ended, sign in again</div>
            <style>body{background:url(https://evil.example/b)}</style><p style="color:red">Bună ziua</p>
            """);
        Assert.DoesNotContain("style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fixed", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bună ziua", html, StringComparison.Ordinal);
    }

    internal static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var v) ? v : [];
}
