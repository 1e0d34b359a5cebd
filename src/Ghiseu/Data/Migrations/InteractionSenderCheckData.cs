using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>
/// Inbound email already on timelines gets the sender check its stored message recorded, so the
/// desk shows it on mail received before interactions carried it.
/// </summary>
public static class InteractionSenderCheckData
{
    public static void Up(MigrationBuilder b, bool postgres)
    {
        _ = postgres; // the same statement on both: UPDATE … FROM (SQLite 3.33+)
        b.Sql("""
            UPDATE "Interactions" SET "SenderCheck" = e."SenderCheck",
                "SenderResults" = 'spf=' || COALESCE(e."Spf", 'none') || ' dkim=' || COALESCE(e."Dkim", 'none') || ' dmarc=' || COALESCE(e."Dmarc", 'none')
            FROM "InboundEmails" AS e
            WHERE e."InteractionId" = "Interactions"."Id" AND e."SenderCheck" IS NOT NULL;
            """);
    }
}
