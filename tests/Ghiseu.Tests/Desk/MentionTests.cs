using Ghiseu.Features.Desk;

namespace Ghiseu.Tests.Desk;

public class MentionTests
{
    private static readonly string[] Colleagues = ["ana.pop@mae.ro", "ion@mae.ro", "ionela@mae.ro"];

    [Theory]
    [InlineData("@ana.pop please look", new[] { "ana.pop@mae.ro" })]
    [InlineData("Ask @ION and @ana.pop@mae.ro.", new[] { "ana.pop@mae.ro", "ion@mae.ro" })]
    [InlineData("write to ion@mae.ro, not a mention", new string[0])]
    [InlineData("@ionel is nobody; @ionela is", new[] { "ionela@mae.ro" })]
    public void Find_HandlesInANote_OnlyKnownColleagues(string text, string[] expected) =>
        Assert.Equal(expected.Order(), Mentions.Find(text, Colleagues).Order());
}
