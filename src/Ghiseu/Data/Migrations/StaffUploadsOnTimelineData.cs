using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>
/// Files staff attached before uploads had a timeline entry hang off no interaction and showed
/// nowhere: each gets an internal upload entry of its own (reusing the file's id), at the time and
/// by the staff member of the upload.
/// </summary>
public static class StaffUploadsOnTimelineData
{
    /// <summary>InteractionKind.Upload and Direction.Internal, as stored.</summary>
    private const int Upload = 13, Internal = 2;

    public static void Up(MigrationBuilder b, bool postgres)
    {
        var no = postgres ? "FALSE" : "0";
        b.Sql($"""
            INSERT INTO "Interactions" ("Id", "CaseId", "UnitId", "Kind", "Direction", "At", "AuthorStaffId", "AuthorName", "Body", "Public", "SearchText")
            SELECT a."Id", a."CaseId", a."UnitId", {Upload}, {Internal}, a."CreatedAt", a."UploadedBy",
                   (SELECT u."Email" FROM "AspNetUsers" u WHERE u."Id" = a."UploadedBy"), '', {no}, ''
            FROM "Attachments" a
            WHERE a."InteractionId" IS NULL AND NOT EXISTS (SELECT 1 FROM "Interactions" i WHERE i."Id" = a."Id");
            """);
        b.Sql("""UPDATE "Attachments" SET "InteractionId" = "Id" WHERE "InteractionId" IS NULL;""");
    }
}
