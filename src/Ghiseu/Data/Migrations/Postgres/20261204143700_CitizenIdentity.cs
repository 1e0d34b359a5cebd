using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CitizenIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AddedAt",
                table: "ContactPoints",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "ContactPoints",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerifiedAt",
                table: "ContactPoints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CnpVerifiedAt",
                table: "Citizens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Cases",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ContactEmail",
                table: "Cases",
                column: "ContactEmail");

            CitizenIdentityData.Up(migrationBuilder, postgres: true);
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
