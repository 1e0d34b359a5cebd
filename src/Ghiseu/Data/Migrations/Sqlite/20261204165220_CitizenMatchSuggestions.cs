using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CitizenMatchSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CitizenMatchSuggestions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NewCitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExistingCitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SameEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    SamePhone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    SameCnp = table.Column<string>(type: "TEXT", maxLength: 13, nullable: true),
                    SameMessaging = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitizenMatchSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CitizenMatchSuggestions_Citizens_ExistingCitizenId",
                        column: x => x.ExistingCitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CitizenMatchSuggestions_Citizens_NewCitizenId",
                        column: x => x.NewCitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMatchSuggestions_ExistingCitizenId",
                table: "CitizenMatchSuggestions",
                column: "ExistingCitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMatchSuggestions_NewCitizenId_ExistingCitizenId",
                table: "CitizenMatchSuggestions",
                columns: new[] { "NewCitizenId", "ExistingCitizenId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMatchSuggestions_State_CreatedAt",
                table: "CitizenMatchSuggestions",
                columns: new[] { "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CitizenMatchSuggestions");
        }
    }
}
