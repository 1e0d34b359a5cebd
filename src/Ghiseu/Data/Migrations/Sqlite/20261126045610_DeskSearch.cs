using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "SearchKey",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql("""UPDATE "Cases" SET "SearchKey" = rowid;""");

            migrationBuilder.CreateTable(
                name: "SavedViews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    View = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Query = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "IX_Cases_SearchKey",
                table: "Cases",
                column: "SearchKey",
                unique: true);

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

            // FTS5 over the case text and the message bodies (decision 012), keyed by SearchKey, a stable
            // integer: the implicit rowid of a table keyed by a GUID may change on VACUUM. The index keeps
            // its own copy of the text, so a row is replaced by rowid without replaying its old words.
            migrationBuilder.Sql("""
                ALTER TABLE "Cases" ADD "MessageText" TEXT NOT NULL DEFAULT '';
                UPDATE "Interactions" SET "SearchText" = lower(substr("Body", 1, 4000)) WHERE "Kind" <= 6 AND "Body" <> '';
                UPDATE "Cases" SET "MessageText" = coalesce((SELECT substr(group_concat("SearchText", ' '), 1, 200000)
                    FROM "Interactions" i WHERE i."CaseId" = "Cases"."Id" AND i."SearchText" <> ''), '');
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "CaseSearch" USING fts5("SearchText", "MessageText",
                    tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""INSERT INTO "CaseSearch"(rowid, "SearchText", "MessageText") SELECT "SearchKey", "SearchText", "MessageText" FROM "Cases";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Cases_search_insert" AFTER INSERT ON "Cases" BEGIN
                    UPDATE "Cases" SET "SearchKey" = (SELECT coalesce(max("SearchKey"), 0) + 1 FROM "Cases") WHERE rowid = new.rowid;
                    INSERT INTO "CaseSearch"(rowid, "SearchText", "MessageText")
                        SELECT "SearchKey", "SearchText", "MessageText" FROM "Cases" WHERE rowid = new.rowid;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Cases_search_update" AFTER UPDATE OF "SearchText", "MessageText" ON "Cases" BEGIN
                    DELETE FROM "CaseSearch" WHERE rowid = old."SearchKey";
                    INSERT INTO "CaseSearch"(rowid, "SearchText", "MessageText") VALUES (new."SearchKey", new."SearchText", new."MessageText");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Cases_search_delete" AFTER DELETE ON "Cases" BEGIN
                    DELETE FROM "CaseSearch" WHERE rowid = old."SearchKey";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Interactions_search" AFTER INSERT ON "Interactions" WHEN new."SearchText" <> '' BEGIN
                    UPDATE "Cases" SET "MessageText" = substr("MessageText" || ' ' || new."SearchText", 1, 200000) WHERE "Id" = new."CaseId";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Interactions_search";
                DROP TRIGGER "Cases_search_delete";
                DROP TRIGGER "Cases_search_update";
                DROP TRIGGER "Cases_search_insert";
                DROP TABLE "CaseSearch";
                ALTER TABLE "Cases" DROP COLUMN "MessageText";
                """);

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
                name: "IX_Cases_SearchKey",
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
                name: "SearchText",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CategoryId",
                table: "Cases",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueId",
                table: "Cases",
                column: "QueueId");
        }
    }
}
