using Ghiseu.Features.Cases;

namespace Ghiseu.Tests.Cases;

public class StatusMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Case NewCase() => new() { Subject = "s", Description = "d" };

    [Theory]
    [InlineData(CaseStatus.New, CaseStatus.Open)]
    [InlineData(CaseStatus.Open, CaseStatus.PendingCitizen)]
    [InlineData(CaseStatus.PendingCitizen, CaseStatus.Open)]
    [InlineData(CaseStatus.Open, CaseStatus.Resolved)]
    [InlineData(CaseStatus.Resolved, CaseStatus.Closed)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open)]
    public void CanMove_AllowedPair_ReturnsTrue(CaseStatus from, CaseStatus to) => Assert.True(StatusMachine.CanMove(from, to));

    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.New)]
    [InlineData(CaseStatus.Open, CaseStatus.Closed)]
    [InlineData(CaseStatus.Closed, CaseStatus.Resolved)]
    [InlineData(CaseStatus.PendingCitizen, CaseStatus.Closed)]
    public void CanMove_ForbiddenPair_ReturnsFalse(CaseStatus from, CaseStatus to) => Assert.False(StatusMachine.CanMove(from, to));

    [Fact]
    public void TransitionTo_IllegalMove_ThrowsWithAllowedList()
    {
        var c = NewCase();
        c.TransitionTo(CaseStatus.Open, Now);
        var e = Assert.Throws<DomainException>(() => c.TransitionTo(CaseStatus.Closed, Now));
        Assert.Equal("illegal-transition", e.Code);
        Assert.Contains("pendingCitizen", e.Message, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Open, c.Status);
    }

    [Fact]
    public void TransitionTo_ResolveThenReopen_ClearsResolution()
    {
        var c = NewCase();
        c.TransitionTo(CaseStatus.Resolved, Now);
        Assert.Equal(Now, c.ResolvedAt);
        c.TransitionTo(CaseStatus.Open, Now.AddDays(1));
        Assert.Null(c.ResolvedAt);
        Assert.Equal(Now.AddDays(1), c.UpdatedAt);
    }

    [Fact]
    public void Assign_NewCase_OpensIt()
    {
        var c = NewCase();
        c.Assign(Guid.NewGuid(), Now);
        Assert.Equal(CaseStatus.Open, c.Status);
    }

    [Fact]
    public void Assign_ClosedCase_Throws()
    {
        var c = NewCase();
        c.TransitionTo(CaseStatus.Closed, Now);
        Assert.Throws<DomainException>(() => c.Assign(Guid.NewGuid(), Now));
    }

    [Fact]
    public void IsOverdue_PastLegalDeadlineAndOpen_True()
    {
        var c = NewCase();
        c.LegalDue = Now.AddMinutes(-1);
        Assert.True(c.IsOverdue(Now));
        c.TransitionTo(CaseStatus.Resolved, Now);
        Assert.False(c.IsOverdue(Now));
    }

    [Fact]
    public void Responded_StopsFirstResponseClockOnce()
    {
        var c = NewCase();
        c.FirstResponseDue = Now.AddHours(-1);
        Assert.True(c.IsOverdue(Now));
        c.Responded(Now);
        c.Responded(Now.AddHours(3));
        Assert.Equal(Now, c.FirstRespondedAt);
        Assert.False(c.IsOverdue(Now));
    }

    [Fact]
    public void EndOfDay_LegalTermInParis_EndsAtLocalMidnight()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var end = Deadlines.EndOfDay(new DateTimeOffset(2026, 12, 26, 23, 30, 0, TimeSpan.Zero), paris);
        // 23:30 UTC is already 27 December in Paris; the term runs to 23:59:59 local, 22:59:59 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 27, 22, 59, 59, TimeSpan.Zero), end);
    }
}
