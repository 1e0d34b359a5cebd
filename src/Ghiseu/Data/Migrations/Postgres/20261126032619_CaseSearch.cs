using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Ghiseu.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Interactions",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Message bodies reach the case's search vector through this unmapped column, kept by a
            // trigger on Interactions so every writer (API, mail intake, imports) stays in step.
            migrationBuilder.Sql("""ALTER TABLE "Cases" ADD "MessageText" text NOT NULL DEFAULT '';""");
            migrationBuilder.Sql("""
                CREATE FUNCTION ghiseu_case_message_text() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Cases" SET "MessageText" = left("MessageText" || ' ' || NEW."SearchText", 200000)
                    WHERE "Id" = NEW."CaseId";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Interactions_search" AFTER INSERT ON "Interactions"
                    FOR EACH ROW WHEN (NEW."SearchText" <> '') EXECUTE FUNCTION ghiseu_case_message_text();
                """);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "SearchVector",
                table: "Cases",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple'::regconfig, \"SearchText\" || ' ' || \"MessageText\")",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CreatedAt_RegistrationNumber",
                table: "Cases",
                columns: new[] { "CreatedAt", "RegistrationNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Open_CreatedAt",
                table: "Cases",
                column: "CreatedAt",
                filter: "\"Status\" < 4");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SearchVector",
                table: "Cases",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UnitId_CreatedAt",
                table: "Cases",
                columns: new[] { "UnitId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UpdatedAt_RegistrationNumber",
                table: "Cases",
                columns: new[] { "UpdatedAt", "RegistrationNumber" });

            // Existing messages: lower case without folding, the best plain SQL can do.
            migrationBuilder.Sql("""
                UPDATE "Interactions" SET "SearchText" = lower(left("Body", 4000)) WHERE "Kind" <= 6 AND "Body" <> '';
                UPDATE "Cases" c SET "MessageText" = left(m.t, 200000)
                FROM (SELECT "CaseId", string_agg("SearchText", ' ' ORDER BY "At") AS t FROM "Interactions"
                      WHERE "SearchText" <> '' GROUP BY "CaseId") m WHERE m."CaseId" = c."Id";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_CreatedAt_RegistrationNumber",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Open_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_SearchVector",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_UnitId_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_UpdatedAt_RegistrationNumber",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SearchVector",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Interactions");

            migrationBuilder.Sql("""
                DROP TRIGGER "Interactions_search" ON "Interactions";
                DROP FUNCTION ghiseu_case_message_text();
                ALTER TABLE "Cases" DROP COLUMN "MessageText";
                """);
        }
    }
}
