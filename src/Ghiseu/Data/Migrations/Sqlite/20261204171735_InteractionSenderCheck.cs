using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SenderResults",
                table: "Interactions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            InteractionSenderCheckData.Up(migrationBuilder, postgres: false);
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
