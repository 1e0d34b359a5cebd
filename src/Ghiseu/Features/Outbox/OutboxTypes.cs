namespace Ghiseu.Features.Outbox;

/// <summary>The kinds of outbox messages; handlers subscribe to these names.</summary>
public static class OutboxTypes
{
    public const string CaseCreated = "case.created";
    public const string CaseChanged = "case.changed";
}
