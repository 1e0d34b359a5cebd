using System.Globalization;
using Ghiseu.Features.Channels.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ghiseu.Tests.Email;

/// <summary>The organizational domain of DMARC alignment, by the Public Suffix List.</summary>
public sealed class PublicSuffixListTests
{
    private const string Debian = "/usr/share/publicsuffix/public_suffix_list.dat";

    private static PublicSuffixList FromSettings(string path, params string[] extra) =>
        new(Options.Create(new EmailOptions { Authentication = new AuthenticationOptions { PublicSuffixList = path, ExtraPublicSuffixes = [.. extra] } }),
            NullLogger<PublicSuffixList>.Instance);

    [Fact]
    public void OrganizationalDomain_RulesWildcardsAndExceptions()
    {
        var psl = new PublicSuffixList(["// a comment", "ro", "com.ro", "co.uk", "*.ck", "!www.ck"]);
        Assert.Equal("mae.ro", psl.OrganizationalDomain("mail.mae.ro"));
        Assert.Equal("primarie.com.ro", psl.OrganizationalDomain("a.primarie.com.ro"));
        Assert.Equal("com.ro", psl.OrganizationalDomain("com.ro"));
        Assert.Equal("example.co.uk", psl.OrganizationalDomain("a.b.Example.CO.UK."));
        Assert.Equal("x.y.ck", psl.OrganizationalDomain("a.x.y.ck"));
        Assert.Equal("www.ck", psl.OrganizationalDomain("a.www.ck"));
        Assert.Equal("example.org", psl.OrganizationalDomain("mail.example.org")); // no rule: the implicit "*"
    }

    [Fact]
    public void DebiansList_Loaded_SuffixesOfTwoLabelsKeepRegistrantsApart()
    {
        var psl = FromSettings(Debian);
        Assert.True(psl.Loaded);
        Assert.Equal("primarie.com.ro", psl.OrganizationalDomain("a.primarie.com.ro"));
        Assert.True(psl.Aligned("a.primarie.com.ro", "primarie.com.ro", strict: false));
        Assert.False(psl.Aligned("primarie.com.ro", "other.com.ro", strict: false));
        Assert.Equal("example.co.uk", psl.OrganizationalDomain("mail.example.co.uk"));
        Assert.Equal("mae.ro", psl.OrganizationalDomain("mail.mae.ro"));
    }

    [Fact]
    public void ExtraSuffix_GovRo_InstitutionsDoNotAlignWithEachOther()
    {
        // The list does not name gov.ro: by it, every institution under gov.ro shares one organizational domain.
        Assert.True(FromSettings(Debian).Aligned("primarie.gov.ro", "mae.gov.ro", strict: false));
        var psl = FromSettings(Debian, "gov.ro");
        Assert.Equal("primarie.gov.ro", psl.OrganizationalDomain("a.primarie.gov.ro"));
        Assert.True(psl.Aligned("a.primarie.gov.ro", "primarie.gov.ro", strict: false));
        Assert.False(psl.Aligned("primarie.gov.ro", "mae.gov.ro", strict: false));
        Assert.Equal("gov.ro", psl.OrganizationalDomain("gov.ro")); // a suffix alone stands for itself
    }

    [Fact]
    public void MissingFile_FallsBackToTheLastTwoLabels()
    {
        var psl = FromSettings("/nonexistent/public_suffix_list.dat");
        Assert.False(psl.Loaded);
        Assert.Equal("mae.ro", psl.OrganizationalDomain("a.b.mae.ro"));
        Assert.Equal("co.uk", psl.OrganizationalDomain("a.example.co.uk"));
    }

    [Fact]
    public void InternationalizedNames_MatchTheirRulesInEitherForm()
    {
        var psl = new PublicSuffixList(["рф"]);
        var expected = new IdnMapping().GetAscii("пример.рф");
        Assert.Equal(expected, psl.OrganizationalDomain("почта.пример.рф"));
        Assert.Equal(expected, psl.OrganizationalDomain(new IdnMapping().GetAscii("почта.пример.рф")));
    }

    [Fact]
    public void StrictAlignment_IsTheSameName()
    {
        var psl = new PublicSuffixList(["ro"]);
        Assert.True(psl.Aligned("MAE.ro.", "mae.ro", strict: true));
        Assert.False(psl.Aligned("mail.mae.ro", "mae.ro", strict: true));
    }
}
