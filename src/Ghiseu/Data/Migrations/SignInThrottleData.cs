using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>Lockouts set before sign-ins were throttled instead are lifted: nothing sets or ends them any more.</summary>
public static class SignInThrottleData
{
    public static void Up(MigrationBuilder b, bool postgres) =>
        b.Sql("""UPDATE "AspNetUsers" SET "LockoutEnd" = NULL, "AccessFailedCount" = 0, "LockoutEnabled" = """ + (postgres ? "FALSE" : "0") + ";");
}
