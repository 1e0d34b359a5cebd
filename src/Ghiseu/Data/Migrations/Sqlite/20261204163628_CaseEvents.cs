using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EventSubscriptions",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventSubscriptions", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_OccurredAt",
                table: "CaseEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_TransactionId_Id",
                table: "CaseEvents",
                columns: new[] { "TransactionId", "Id" });

            CaseEventsData.Up(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseEvents");

            migrationBuilder.DropTable(
                name: "EventSubscriptions");
        }
    }
}
