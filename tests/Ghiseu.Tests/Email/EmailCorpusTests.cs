namespace Ghiseu.Tests.Email;

/// <summary>Each message of the corpus, over SMTP into a running server, with its expected outcome.</summary>
public sealed class EmailCorpusTests(EmailFactory f) : IClassFixture<EmailFactory>
{
    [Fact]
    public void Corpus_HasAtLeastThirtyMessages() => Assert.True(EmailCorpus.Names.Count() >= 30, $"{EmailCorpus.Names.Count()} messages");

    [Theory]
    [MemberData(nameof(EmailCorpus.Names), MemberType = typeof(EmailCorpus))]
    public Task Receive_CorpusMessage_HasExpectedOutcome(string name) => EmailCorpus.Get(name)(f, EmailFactory.NewSender(name.Split('-')[0]));
}
