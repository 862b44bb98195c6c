using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SecurityReviewFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorizationStates");

            migrationBuilder.AddColumn<Guid>(
                name: "LoginId",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefusalHour",
                table: "SecurityEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PendingLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    EmailVerified = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PendingLinks_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UsedAuthorizationStates",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedAuthorizationStates", x => x.Hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityEvents_UserId_Type_Provider_RefusalHour",
                table: "SecurityEvents",
                columns: new[] { "UserId", "Type", "Provider", "RefusalHour" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PendingLinks_ExpiresAt",
                table: "PendingLinks",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PendingLinks_SessionId",
                table: "PendingLinks",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_UsedAuthorizationStates_ExpiresAt",
                table: "UsedAuthorizationStates",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "PendingLinks");

            migrationBuilder.DropTable(
                name: "UsedAuthorizationStates");

            migrationBuilder.DropIndex(
                name: "IX_SecurityEvents_UserId_Type_Provider_RefusalHour",
                table: "SecurityEvents");

            migrationBuilder.DropColumn(
                name: "LoginId",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "RefusalHour",
                table: "SecurityEvents");

            migrationBuilder.CreateTable(
                name: "AuthorizationStates",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    BindingHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    CodeVerifier = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkingSessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    PresentedSessionHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReturnUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizationStates", x => x.Hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationStates_ExpiresAt",
                table: "AuthorizationStates",
                column: "ExpiresAt");
        }
    }
}
