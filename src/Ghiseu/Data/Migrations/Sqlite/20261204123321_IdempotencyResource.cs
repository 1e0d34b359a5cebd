using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotencyResource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ResourceId",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResourceId",
                table: "IdempotencyRecords");
        }
    }
}
