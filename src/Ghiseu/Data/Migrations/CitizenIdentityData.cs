using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>
/// Provenance for the contact points and the case contacts that existed before they were recorded.
/// A point made together with a record that staff or the demo seeder created (the same instant,
/// read from the time-ordered ids to within 256 ms) counts as staff-entered and verified; every
/// other point takes the channel of its citizen's first case and stays unverified, as does a point
/// that matching added to such a record later. A staff-made record's CNP counts as confirmed. Each
/// case takes its citizen's first address and number as its own contact.
/// </summary>
public static class CitizenIdentityData
{
    /// <summary>ContactSource.Staff and Other, ContactKind.Email and Phone, Channel.Kiosk, as stored.</summary>
    private const int Staff = 6, Other = 8, Email = 0, Phone = 1, Kiosk = 7;

    public static void Up(MigrationBuilder b, bool postgres)
    {
        var text = postgres ? "::text" : "";
        b.Sql("""
            UPDATE "ContactPoints" SET "AddedAt" = (SELECT c."CreatedAt" FROM "Citizens" c WHERE c."Id" = "ContactPoints"."CitizenId");
            """);
        b.Sql($"""
            UPDATE "ContactPoints" SET "Source" = COALESCE((
                SELECT CASE WHEN k."Channel" <= 5 THEN k."Channel" WHEN k."Channel" = {Kiosk} THEN 0 ELSE {Other} END
                FROM "Cases" k WHERE k."CitizenId" = "ContactPoints"."CitizenId" ORDER BY k."CreatedAt" LIMIT 1), {Other});
            """);
        b.Sql($"""
            UPDATE "ContactPoints" SET "Source" = {Staff}, "VerifiedAt" = "AddedAt"
            WHERE EXISTS (SELECT 1 FROM "Citizens" c WHERE c."Id" = "ContactPoints"."CitizenId" AND c."CreatedInUnitId" IS NOT NULL
                AND substr(lower(c."Id"{text}), 1, 11) = substr(lower("ContactPoints"."Id"{text}), 1, 11));
            """);
        b.Sql("""
            UPDATE "Citizens" SET "CnpVerifiedAt" = "CreatedAt" WHERE "Cnp" IS NOT NULL AND "CreatedInUnitId" IS NOT NULL;
            """);
        foreach (var (column, kind) in new[] { ("ContactEmail", Email), ("ContactPhone", Phone) })
            b.Sql($"""
                UPDATE "Cases" SET "{column}" = (SELECT p."Value" FROM "ContactPoints" p
                    WHERE p."CitizenId" = "Cases"."CitizenId" AND p."Kind" = {kind} ORDER BY p."Id" LIMIT 1);
                """);
    }
}
