using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ghiseu.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EventSubscriptions",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            CaseEventsData.Up(migrationBuilder, postgres: true);
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
