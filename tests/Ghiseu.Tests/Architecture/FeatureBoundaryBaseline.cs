namespace Ghiseu.Tests.Architecture;

// What broke the boundaries when the test came: delete a line when its violation is gone, never add one.
public sealed partial class FeatureBoundaryTests
{
    /// <summary>Rule (a): type -> DbSet of the feature that owns its entity.</summary>
    private const string ForeignDbSets = """
        Cases.CaseIntake -> db.Queues of Units
        Cases.CaseQuery -> db.Categories of Categories
        Cases.CaseQuery -> db.Queues of Units
        Cases.CaseReader -> db.Categories of Categories
        Cases.CaseReader -> db.Citizens of Citizens
        Cases.CaseReader -> db.Queues of Units
        Cases.CaseReader -> db.Users of Identity
        Cases.CaseWork -> db.Attachments of Attachments
        Cases.CaseWork -> db.Categories of Categories
        Cases.CaseWork -> db.Queues of Units
        Cases.CaseWork -> db.Roles of Identity
        Cases.CaseWork -> db.UserRoles of Identity
        Cases.CaseWork -> db.Users of Identity
        Cases.Timeline -> db.Attachments of Attachments
        Channels.Email.EmailEndpoints -> db.Queues of Units
        Channels.Email.EmailProcessor -> db.Attachments of Attachments
        Channels.Email.EmailProcessor -> db.ContactPoints of Citizens
        Channels.Email.EmailProcessor -> db.Interactions of Cases
        Channels.Email.OutgoingThreading -> db.Attachments of Attachments
        Channels.Email.OutgoingThreading -> db.Cases of Cases
        Channels.Email.OutgoingThreading -> db.Citizens of Citizens
        Channels.Email.OutgoingThreading -> db.Interactions of Cases
        Channels.Email.ThreadFinder -> db.Cases of Cases
        Channels.Email.ThreadFinder -> db.ContactPoints of Citizens
        Channels.Email.ThreadFinder -> db.Interactions of Cases
        Citizens.CitizenMerge -> db.Cases of Cases
        Citizens.MatchSuggestions -> db.Cases of Cases
        Demo.DemoCases -> db.Cases of Cases
        Demo.DemoCases -> db.Categories of Categories
        Demo.DemoCases -> db.Citizens of Citizens
        Demo.DemoCases -> db.Interactions of Cases
        Demo.DemoCases -> db.Queues of Units
        Demo.DemoCases -> db.RegistrationCounters of Cases
        Demo.DemoCases -> db.UnitGrants of Identity
        Demo.DemoCases -> db.Units of Units
        Demo.DemoCases -> db.Users of Identity
        Demo.DemoSeeder -> db.Articles of Knowledge
        Demo.DemoSeeder -> db.Categories of Categories
        Demo.DemoSeeder -> db.Queues of Units
        Demo.DemoSeeder -> db.Units of Units
        Desk.DeskPages -> db.Attachments of Attachments
        Desk.Live.CaseEventRelay -> db.Cases of Cases
        Desk.Live.DeskHub -> db.Cases of Cases
        Desk.Pages.DeskCaseView -> db.Cases of Cases
        Desk.Pages.DeskCaseView -> db.Referrals of Cases
        Desk.Pages.DeskCommands -> db.OutboxMessages of Outbox
        Desk.Pages.DeskHtml -> db.Attachments of Attachments
        Desk.Pages.DeskSuggestions -> db.Cases of Cases
        Desk.Pages.DeskSuggestions -> db.Roles of Identity
        Desk.Pages.DeskSuggestions -> db.UnitGrants of Identity
        Desk.Pages.DeskSuggestions -> db.UserRoles of Identity
        Desk.Pages.DeskSuggestions -> db.Users of Identity
        Desk.Pages.Inbox -> db.Categories of Categories
        Desk.Pages.Inbox -> db.Users of Identity
        Desk.Workload -> db.Cases of Cases
        Desk.Workload -> db.Queues of Units
        Desk.Workload -> db.Users of Identity
        Events.EventEndpoints -> db.JobLeases of Background
        Identity.Staff.StaffDirectory -> db.AuditEntries of Audit
        Identity.UnitScopeResolver -> db.Units of Units
        Notifications.DeliveryHandler -> db.Interactions of Cases
        Notifications.Notifier -> db.Interactions of Cases
        Notifications.Notifier -> db.OutboxMessages of Outbox
        Portal.PortalCases -> db.Attachments of Attachments
        Portal.PortalCases -> db.Cases of Cases
        Portal.PortalCases -> db.Categories of Categories
        Portal.PortalCases -> db.Interactions of Cases
        Portal.PortalCases -> db.Units of Units
        Portal.PortalEndpoints -> db.Attachments of Attachments
        Portal.PortalSubmissions -> db.Citizens of Citizens
        """;

    /// <summary>Rule (b): a type of Data/ or Web/ -> the feature it names.</summary>
    private const string LayersUsingFeatures = """
        Data.CaseConfiguration -> Cases
        Data.CaseConfiguration -> Categories
        Data.CaseConfiguration -> Citizens
        Data.CaseConfiguration -> Identity
        Data.CaseConfiguration -> Units
        Data.CategoryConfiguration -> Categories
        Data.CategoryConfiguration -> Units
        Data.CitizenConfiguration -> Citizens
        Data.GhiseuDb -> Attachments
        Data.GhiseuDb -> Audit
        Data.GhiseuDb -> Background
        Data.GhiseuDb -> Cases
        Data.GhiseuDb -> Categories
        Data.GhiseuDb -> Channels
        Data.GhiseuDb -> Citizens
        Data.GhiseuDb -> Events
        Data.GhiseuDb -> Idempotency
        Data.GhiseuDb -> Identity
        Data.GhiseuDb -> Knowledge
        Data.GhiseuDb -> Outbox
        Data.GhiseuDb -> Portal
        Data.GhiseuDb -> Units
        Data.Migrations.KnowledgeEditorRoleData -> Identity
        Data.ModelConfiguration -> Attachments
        Data.ModelConfiguration -> Audit
        Data.ModelConfiguration -> Cases
        Data.ModelConfiguration -> Categories
        Data.ModelConfiguration -> Citizens
        Data.ModelConfiguration -> Idempotency
        Data.ModelConfiguration -> Identity
        Data.ModelConfiguration -> Outbox
        Data.ModelConfiguration -> Units
        Data.PostgresGhiseuDb -> Cases
        Data.ProviderContexts -> Cases
        Data.SqliteGhiseuDb -> Cases
        Data.SupportConfiguration -> Attachments
        Data.SupportConfiguration -> Audit
        Data.SupportConfiguration -> Cases
        Data.SupportConfiguration -> Idempotency
        Data.SupportConfiguration -> Identity
        Data.SupportConfiguration -> Outbox
        Data.SupportConfiguration -> Units
        Data.UnitConfiguration -> Units
        Web.Components.ErrorSummary -> Portal
        Web.Components.NotFoundPage -> Portal
        Web.FormGuard -> Portal
        Web.Layout.PortalLayout -> Portal
        Web.ProblemExceptionHandler -> Cases
        Web.RateLimits -> Portal
        Web.Routes -> Desk
        Web.WebPages -> Attachments
        Web.WebPages -> Portal
        Web.WebSetup -> Attachments
        Web.WebSetup -> Desk
        Web.WebSetup -> Identity
        Web.WebSetup -> Portal
        """;

    /// <summary>Rule (c): feature -> feature, for each dependency inside a cycle.</summary>
    private const string CyclicDependencies = """
        Attachments -> Cases
        Attachments -> Identity
        Cases -> Attachments
        Cases -> Categories
        Cases -> Citizens
        Cases -> Idempotency
        Cases -> Identity
        Cases -> Notifications
        Cases -> Units
        Categories -> Cases
        Categories -> Identity
        Categories -> Units
        Citizens -> Cases
        Citizens -> Identity
        Citizens -> Units
        Desk -> Attachments
        Desk -> Cases
        Desk -> Categories
        Desk -> Citizens
        Desk -> Events
        Desk -> Identity
        Desk -> Notifications
        Desk -> Portal
        Desk -> Units
        Events -> Cases
        Events -> Identity
        Idempotency -> Identity
        Identity -> Desk
        Identity -> Portal
        Identity -> Units
        Knowledge -> Identity
        Knowledge -> Portal
        Knowledge -> Units
        Notifications -> Cases
        Notifications -> Citizens
        Notifications -> Units
        Portal -> Attachments
        Portal -> Cases
        Portal -> Categories
        Portal -> Citizens
        Portal -> Knowledge
        Portal -> Notifications
        Portal -> Units
        Units -> Identity
        """;
}
