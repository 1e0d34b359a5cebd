using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmailAddresses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueueCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AliasOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MaxMessageBytes = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailAddresses_EmailAddresses_AliasOfId",
                        column: x => x.AliasOfId,
                        principalTable: "EmailAddresses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EmailAddresses_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImapAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    UseTls = table.Column<bool>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AfterImport = table.Column<int>(type: "INTEGER", nullable: false),
                    MoveTo = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastPolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImapAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImapAccounts_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InboundEmails",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 998, nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ImapAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ImapUid = table.Column<long>(type: "INTEGER", nullable: true),
                    ImapUidValidity = table.Column<long>(type: "INTEGER", nullable: true),
                    RemoteDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    EnvelopeFrom = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Recipients = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Sender = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Released = table.Column<bool>(type: "INTEGER", nullable: false),
                    AutoReplied = table.Column<bool>(type: "INTEGER", nullable: false),
                    LeasedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InteractionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundEmails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnitEmailProfiles",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignatureRo = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SignatureEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AutoReplySubjectRo = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AutoReplyBodyRo = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    AutoReplySubjectEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AutoReplyBodyEn = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitEmailProfiles", x => x.UnitId);
                    table.ForeignKey(
                        name: "FK_UnitEmailProfiles_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmailAddresses_Address",
                table: "EmailAddresses",
                column: "Address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmailAddresses_AliasOfId",
                table: "EmailAddresses",
                column: "AliasOfId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailAddresses_UnitId",
                table: "EmailAddresses",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ImapAccounts_UnitId",
                table: "ImapAccounts",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_InboundEmails_ImapAccountId_ImapUidValidity_ImapUid",
                table: "InboundEmails",
                columns: new[] { "ImapAccountId", "ImapUidValidity", "ImapUid" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundEmails_MessageKey",
                table: "InboundEmails",
                column: "MessageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundEmails_Sender_ReceivedAt",
                table: "InboundEmails",
                columns: new[] { "Sender", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundEmails_State_NextAttemptAt",
                table: "InboundEmails",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailAddresses");

            migrationBuilder.DropTable(
                name: "ImapAccounts");

            migrationBuilder.DropTable(
                name: "InboundEmails");

            migrationBuilder.DropTable(
                name: "UnitEmailProfiles");
        }
    }
}
