using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InteractionSenderCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SenderCheck",
                table: "Interactions",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SenderResults",
                table: "Interactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            InteractionSenderCheckData.Up(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SenderCheck",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "SenderResults",
                table: "Interactions");
        }
    }
}
