using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Ghiseu.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeskSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_CategoryId",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_QueueId",
                table: "Cases");

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

            migrationBuilder.CreateTable(
                name: "SavedViews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    View = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedViews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedViews_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CategoryId_CreatedAt",
                table: "Cases",
                columns: new[] { "CategoryId", "CreatedAt" });

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
                name: "IX_Cases_Open_Priority_CreatedAt",
                table: "Cases",
                columns: new[] { "Priority", "CreatedAt" },
                filter: "\"Status\" < 4");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueId_CreatedAt",
                table: "Cases",
                columns: new[] { "QueueId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SearchVector",
                table: "Cases",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Unassigned_UnitId_CreatedAt",
                table: "Cases",
                columns: new[] { "UnitId", "CreatedAt" },
                filter: "\"Status\" < 4 AND \"AssigneeId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UnitId_CreatedAt",
                table: "Cases",
                columns: new[] { "UnitId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UpdatedAt_RegistrationNumber",
                table: "Cases",
                columns: new[] { "UpdatedAt", "RegistrationNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedViews_OwnerId_Position",
                table: "SavedViews",
                columns: new[] { "OwnerId", "Position" });

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
            migrationBuilder.DropTable(
                name: "SavedViews");

            migrationBuilder.DropIndex(
                name: "IX_Cases_CategoryId_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_CreatedAt_RegistrationNumber",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Open_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Open_Priority_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_QueueId_CreatedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_SearchVector",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Unassigned_UnitId_CreatedAt",
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

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CategoryId",
                table: "Cases",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueId",
                table: "Cases",
                column: "QueueId");

            migrationBuilder.Sql("""
                DROP TRIGGER "Interactions_search" ON "Interactions";
                DROP FUNCTION ghiseu_case_message_text();
                ALTER TABLE "Cases" DROP COLUMN "MessageText";
                """);
        }
    }
}
