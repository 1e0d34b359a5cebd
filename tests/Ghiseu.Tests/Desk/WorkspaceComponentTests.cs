using System.Globalization;
using Bunit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Desk.Pages;

namespace Ghiseu.Tests.Desk;

/// <summary>The workspace's pieces rendered on their own (bUnit), in English.</summary>
public sealed class WorkspaceComponentTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly BunitContext ctx = new();
    private readonly CultureInfo culture = CultureInfo.CurrentCulture, ui = CultureInfo.CurrentUICulture;

    public WorkspaceComponentTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
    }

    private static InteractionDto Item(InteractionKind kind, Direction direction, bool isPublic, params AttachmentRef[] files) =>
        new(Guid.NewGuid(), kind, direction, Channel.Portal, Noon, "Ana Agent", "Text of the entry", isPublic, null, null, files);

    [Fact]
    public void TimelineList_InternalNoteWithFile_MarkedInternalAndFileServedByTheDesk()
    {
        var file = new AttachmentRef(Guid.NewGuid(), "scan.pdf", "application/pdf", 1234, "/api/v1/attachments/x");
        var cut = ctx.Render<TimelineList>(p => p
            .Add(x => x.Items, [Item(InteractionKind.PortalMessage, Direction.Inbound, true), Item(InteractionKind.Note, Direction.Internal, false, file)])
            .AddCascadingValue("StaffTimeZone", "Europe/Bucharest"));

        var entries = cut.FindAll("li[data-kind]");
        Assert.Equal(2, entries.Count);
        Assert.Contains("from-citizen", entries[0].ClassName, StringComparison.Ordinal);
        Assert.Empty(entries[0].QuerySelectorAll(".badge.internal"));
        Assert.Equal("internal", entries[1].QuerySelector(".badge.internal")!.TextContent);
        Assert.Equal($"/desk/files/{file.Id}", entries[1].QuerySelector(".files a")!.GetAttribute("href"));
    }

    [Fact]
    public void TimelineList_StaffUploads_LabelledAsSuchSharedOnesMarked()
    {
        var file = new AttachmentRef(Guid.NewGuid(), "certificat.pdf", "application/pdf", 1234, "/api/v1/attachments/x");
        var cut = ctx.Render<TimelineList>(p => p
            .Add(x => x.Items, [Item(InteractionKind.Upload, Direction.Internal, false, file) with { Channel = null },
                Item(InteractionKind.Upload, Direction.Outbound, true, file) with { Channel = null }])
            .AddCascadingValue("StaffTimeZone", "Europe/Bucharest"));

        var entries = cut.FindAll("li[data-kind=upload]");
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("Staff upload", e.QuerySelector(".kind")!.TextContent));
        Assert.NotNull(entries[0].QuerySelector(".badge.internal"));
        Assert.Equal("shared with the citizen", entries[1].QuerySelector(".badge.shared")!.TextContent);
    }

    [Fact]
    public void TimelineList_InboundEmail_SenderCheckAsWordsWithTheReasonReadOut()
    {
        InteractionDto Email(string? check, string? results) =>
            Item(InteractionKind.Email, Direction.Inbound, true) with { Channel = Channel.Email, SenderCheck = check, SenderResults = results };
        var cut = ctx.Render<TimelineList>(p => p
            .Add(x => x.Items, [Email("pass", "spf=pass dkim=pass dmarc=pass"), Email("fail", "spf=fail dkim=none dmarc=fail"),
                Email("unknown", "spf=unknown dkim=none dmarc=unknown"), Email("none", "spf=none dkim=none dmarc=none"),
                Item(InteractionKind.Note, Direction.Internal, false)])
            .AddCascadingValue("StaffTimeZone", "Europe/Bucharest"));

        var entries = cut.FindAll("li[data-kind]");
        var badges = entries.Select(e => e.QuerySelector(".badge.sender")).ToList();
        Assert.Equal("sender verified", Label(badges[0]!));
        Assert.Equal("sender not verified", Label(badges[1]!));
        Assert.Equal("sender unchecked", Label(badges[2]!));
        Assert.Equal("sender unchecked", Label(badges[3]!));
        Assert.Null(badges[4]); // not an email: no check
        // Not colour alone: an icon hidden from screen readers, the word, and the reason in text (tooltip and read out).
        var fail = badges[1]!;
        Assert.Contains("sender-fail", fail.ClassName, StringComparison.Ordinal);
        Assert.Equal("⚠", fail.QuerySelector("[aria-hidden=true]")!.TextContent);
        Assert.Contains("spf=fail dkim=none dmarc=fail", fail.QuerySelector(".visually-hidden")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("may be forged", fail.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void TimelineList_SenderCheckInRomanian()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ro-RO");
        var cut = ctx.Render<TimelineList>(p => p
            .Add(x => x.Items, [Item(InteractionKind.Email, Direction.Inbound, true) with { SenderCheck = "fail", SenderResults = "spf=fail dkim=none dmarc=fail" }])
            .AddCascadingValue("StaffTimeZone", "Europe/Bucharest"));
        var badge = cut.Find(".badge.sender");
        Assert.Equal("expeditor neconfirmat", Label(badge));
        Assert.Contains("poate fi falsă", badge.GetAttribute("title"), StringComparison.Ordinal);
    }

    /// <summary>The badge's visible word: its text without the icon and the read-out reason.</summary>
    private static string Label(AngleSharp.Dom.IElement badge) =>
        string.Concat(badge.ChildNodes.Where(n => n is AngleSharp.Dom.IText).Select(n => n.TextContent)).Trim();

    [Fact]
    public void TimelineList_StaffTimeZone_TimesShownInIt()
    {
        var cut = ctx.Render<TimelineList>(p => p
            .Add(x => x.Items, [Item(InteractionKind.Note, Direction.Internal, false)])
            .AddCascadingValue("StaffTimeZone", "Europe/Bucharest"));

        var time = cut.Find("time");
        Assert.Equal("2026-11-26T10:00:00.0000000Z", time.GetAttribute("datetime"));
        Assert.Contains("12:00", time.TextContent, StringComparison.Ordinal);
        Assert.Contains("Europe/Bucharest", time.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-26, "overdue 1 d", true)]
    [InlineData(3, "3 h", false)]
    public void DueText_BeforeOrAfterTheDeadline_SaysHowLong(int hours, string text, bool late)
    {
        var cut = ctx.Render<DueText>(p => p.Add(x => x.At, Noon.AddHours(hours)).Add(x => x.Now, Noon));

        var span = cut.Find("span.due");
        Assert.Equal(text, span.TextContent);
        Assert.Equal(late, span.ClassList.Contains("late"));
    }

    [Fact]
    public void CaseTable_OverdueCase_RowMarkedAndNumberOpensTheWorkspace()
    {
        var overdue = Dto("PAR-2026-000007", overdue: true, due: Noon.AddHours(-2));
        var onTime = Dto("PAR-2026-000008", overdue: false, due: Noon.AddHours(5));
        var cut = ctx.Render<CaseTable>(p => p.Add(x => x.Rows, [overdue, onTime]).Add(x => x.Now, Noon));

        var rows = cut.FindAll("tbody tr");
        Assert.Contains("overdue", rows[0].ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", rows[1].ClassName ?? "", StringComparison.Ordinal);
        Assert.Equal($"/desk/cases/{overdue.Id}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("overdue 2 h", rows[0].QuerySelector(".due")!.TextContent);
    }

    [Fact]
    public void CitizenPanel_TheirCases_CurrentOneNotALinkBouncedAddressStruckOut()
    {
        var citizen = new Citizen { Name = "Maria Pop", ContactPoints = [new() { Kind = ContactKind.Email, Value = "maria@example.com", Undeliverable = true }] };
        var current = Dto("PAR-2026-000010", false, null);
        var older = Dto("PAR-2026-000003", false, null);
        var cut = ctx.Render<CitizenPanel>(p => p.Add(x => x.Citizen, citizen).Add(x => x.Cases, [current, older]).Add(x => x.Current, current.Id));

        Assert.Equal("undeliverable", cut.Find(".contacts li").ClassName);
        Assert.Equal("PAR-2026-000010", cut.Find("[aria-current=page]").TextContent);
        var link = Assert.Single(cut.FindAll(".their-cases a"));
        Assert.Equal($"/desk/cases/{older.Id}", link.GetAttribute("href"));
    }

    private static CaseDto Dto(string number, bool overdue, DateTimeOffset? due) => new(
        Guid.NewGuid(), number, "CODE", "PAR", null, "information", "Subject", "Description", Channel.Portal, Priority.Normal, CaseStatus.Open,
        null, new PersonRef(Guid.NewGuid(), "Maria Pop"), Noon, Noon, new DueDto(due, null, null), [], null, new Dictionary<string, string>(),
        overdue, null, 1, Channel.Portal);

    public void Dispose()
    {
        ctx.Dispose();
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = ui;
    }
}
