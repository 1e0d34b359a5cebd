using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CitizenIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AddedAt",
                table: "ContactPoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "ContactPoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "ContactPoints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CnpVerifiedAt",
                table: "Citizens",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Cases",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ContactEmail",
                table: "Cases",
                column: "ContactEmail");

            CitizenIdentityData.Up(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_ContactEmail",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AddedAt",
                table: "ContactPoints");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "ContactPoints");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "ContactPoints");

            migrationBuilder.DropColumn(
                name: "CnpVerifiedAt",
                table: "Citizens");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "Cases");
        }
    }
}
