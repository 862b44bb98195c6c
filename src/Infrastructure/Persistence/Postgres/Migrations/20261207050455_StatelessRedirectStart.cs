using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StatelessRedirectStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorizationStates");

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsedAuthorizationStates",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 32, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedAuthorizationStates", x => x.Hash);
                });

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
                name: "UsedAuthorizationStates");

            migrationBuilder.CreateTable(
                name: "AuthorizationStates",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 32, nullable: false),
                    BindingHash = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 32, nullable: false),
                    CodeVerifier = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LinkingSessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Nonce = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    PresentedSessionHash = table.Column<byte[]>(type: "bytea", fixedLength: true, maxLength: 32, nullable: true),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReturnUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false)
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
