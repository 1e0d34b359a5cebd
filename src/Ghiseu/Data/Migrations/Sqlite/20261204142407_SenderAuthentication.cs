using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SenderAuthentication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientAddress",
                table: "InboundEmails",
                type: "TEXT",
                maxLength: 45,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dkim",
                table: "InboundEmails",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dmarc",
                table: "InboundEmails",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SenderCheck",
                table: "InboundEmails",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Spf",
                table: "InboundEmails",
                type: "TEXT",
                maxLength: 8,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClientAddress",
                table: "InboundEmails");

            migrationBuilder.DropColumn(
                name: "Dkim",
                table: "InboundEmails");

            migrationBuilder.DropColumn(
                name: "Dmarc",
                table: "InboundEmails");

            migrationBuilder.DropColumn(
                name: "SenderCheck",
                table: "InboundEmails");

            migrationBuilder.DropColumn(
                name: "Spf",
                table: "InboundEmails");
        }
    }
}
