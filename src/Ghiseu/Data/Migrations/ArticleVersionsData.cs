using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>
/// Articles written before versions were kept get their version 1: what they say now, by their author,
/// at their last change (who made that change was never recorded). History then starts complete.
/// </summary>
public static class ArticleVersionsData
{
    public static void Up(MigrationBuilder b, bool postgres)
    {
        _ = postgres; // the same SQL on both: columns are copied as stored.
        b.Sql("""
            INSERT INTO "ArticleVersions" ("ArticleId", "Number", "Title", "Slug", "Body", "Language", "UnitId", "Topic", "Published", "StaffId", "At")
            SELECT a."Id", 1, a."Title", a."Slug", a."Body", a."Language", a."UnitId", a."Topic", a."Published", a."AuthorId", a."UpdatedAt"
            FROM "Articles" a
            WHERE NOT EXISTS (SELECT 1 FROM "ArticleVersions" v WHERE v."ArticleId" = a."Id");
            """);
        b.Sql("""UPDATE "Articles" SET "Version" = 1 WHERE "Version" = 0;""");
    }
}
