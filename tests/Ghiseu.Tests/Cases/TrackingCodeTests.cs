using Ghiseu.Features.Cases;

namespace Ghiseu.Tests.Cases;

public class TrackingCodeTests
{
    /// <summary>The documented alphabet: capitals and digits without the look-alikes I, L, O, 0 and 1.</summary>
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    [Fact]
    public void New_1000Codes_AreUniqueTwelveCharactersOfTheAlphabet()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => TrackingCodes.New()).ToList();
        Assert.Equal(1000, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c =>
        {
            Assert.Equal(12, c.Length);
            Assert.All(c, ch => Assert.Contains(ch, Alphabet));
        });
        // Every letter of the alphabet turns up in 12,000 draws: the generator is not stuck on a subset.
        Assert.Equal(Alphabet.Order(), codes.SelectMany(c => c).Distinct().Order());
    }

    [Theory]
    [InlineData("abcd-efgh-jkmn", "ABCDEFGHJKMN")]
    [InlineData(" 2345 6789 ABCD ", "23456789ABCD")]
    public void Normalize_TypedWithCaseAndSeparators_GivesTheCode(string typed, string code) =>
        Assert.Equal(code, TrackingCodes.Normalize(typed));
}
