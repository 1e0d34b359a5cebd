using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit trail is append-only at the database too, whatever the application does.
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "AuditEntries_no_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "AuditEntries_no_delete";""");
        }
    }
}
