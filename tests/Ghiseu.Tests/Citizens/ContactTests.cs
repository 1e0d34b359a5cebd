using Ghiseu.Data;
using Ghiseu.Features.Citizens;

namespace Ghiseu.Tests.Citizens;

public class ContactTests
{
    [Theory]
    [InlineData("1800101221144", true)]
    [InlineData("2960229400012", false)]
    [InlineData("1800101221145", false)]
    [InlineData("180010122114", false)]
    [InlineData("18001012211a4", false)]
    [InlineData("1801301221144", false)]
    public void Cnp_IsValid_ChecksControlDigitAndDate(string cnp, bool valid)
    {
        if (valid) Assert.True(Cnp.IsValid(cnp));
        else Assert.False(Cnp.IsValid(cnp));
    }

    [Theory]
    [InlineData("0721 234 567", "+40721234567")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0040-721-234-567", "+40721234567")]
    public void Phone_ValidNumber_NormalizesToE164(string raw, string e164) => Assert.Equal(e164, ContactNormalizer.Phone(raw));

    [Theory]
    [InlineData("123")]
    [InlineData("not a phone")]
    [InlineData("+40 21")]
    public void Phone_Invalid_ReturnsNull(string raw) => Assert.Null(ContactNormalizer.Phone(raw));

    [Theory]
    [InlineData("Maria.Pop@Example.COM", "maria.pop@example.com")]
    [InlineData("a@b.ro", "a@b.ro")]
    public void Email_Valid_LowerCases(string raw, string expected) => Assert.Equal(expected, ContactNormalizer.Email(raw));

    [Theory]
    [InlineData("maria")]
    [InlineData("a@b")]
    [InlineData("Maria <maria@example.com>")]
    [InlineData("a b@example.com")]
    public void Email_Invalid_ReturnsNull(string raw) => Assert.Null(ContactNormalizer.Email(raw));

    [Theory]
    [InlineData("Ştefan Ţepeş", "stefan tepes")]
    [InlineData("Ștefan Țepeș", "stefan tepes")]
    [InlineData("ÎNVĂȚĂMÂNT", "invatamant")]
    public void Fold_CedillaAndCommaBelow_AreTheSameLetter(string text, string folded) => Assert.Equal(folded, TextFolding.Fold(text));
}
