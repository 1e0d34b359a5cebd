using Ghiseu.Data;

namespace Ghiseu.Tests.Operations;

public class ScopeMemoTests
{
    [Fact]
    public async Task GetAsync_SameKeyTwice_ReadsOnce_AndKeepsKeysApart()
    {
        var memo = new ScopeMemo<string, string?>();
        var reads = new List<string>();
        Task<string?> Load(string k) { reads.Add(k); return Task.FromResult<string?>($"value of {k}"); }

        Assert.Equal("value of a", await memo.GetAsync("a", Load));
        Assert.Equal("value of a", await memo.GetAsync("a", Load));
        Assert.Equal("value of b", await memo.GetAsync("b", Load));
        Assert.Equal(["a", "b"], reads);
    }

    [Fact]
    public async Task GetAsync_MissingValue_KeptUnlessAskedToLookAgain()
    {
        var memo = new ScopeMemo<string, string?>();
        var reads = 0;
        Task<string?> Missing(string k) { reads++; return Task.FromResult<string?>(null); }

        Assert.Null(await memo.GetAsync("kept", Missing));
        Assert.Null(await memo.GetAsync("kept", Missing));
        Assert.Equal(1, reads);

        Assert.Null(await memo.GetAsync("again", Missing, keepMissing: false));
        Assert.Equal("found", await memo.GetAsync("again", _ => Task.FromResult<string?>("found"), keepMissing: false));
        Assert.Equal(2, reads);
    }
}
