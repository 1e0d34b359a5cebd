using Ghiseu.Features.Identity;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>
/// The KnowledgeEditor role exists in every database from this migration on, with a fixed id, so
/// a system administrator can give it before anyone runs create-admin or the demo seeder again.
/// </summary>
public static class KnowledgeEditorRoleData
{
    public static void Up(MigrationBuilder b, bool postgres)
    {
        _ = postgres; // the same row on both providers; InsertData writes the id in each one's form
        b.InsertData("AspNetRoles", ["Id", "Name", "NormalizedName", "ConcurrencyStamp"],
            [Roles.KnowledgeEditorId, Roles.KnowledgeEditor, Roles.KnowledgeEditor.ToUpperInvariant(), "0193a1c4-5e00-7000-8000-00000000ed17"]);
    }

    public static void Down(MigrationBuilder b) => b.DeleteData("AspNetRoles", "Id", Roles.KnowledgeEditorId);
}
