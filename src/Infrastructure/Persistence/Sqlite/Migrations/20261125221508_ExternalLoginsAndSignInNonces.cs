using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExternalLoginsAndSignInNonces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each user's one (issuer, subject) moves to ExternalLogins, where a user can have several.
            migrationBuilder.CreateTable(
                name: "ExternalLogins",
                columns: table => new
                {
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExternalLogins", x => new { x.Issuer, x.Subject });
                    table.ForeignKey(
                        name: "FK_ExternalLogins_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO "ExternalLogins" ("Issuer", "Subject", "UserId")
                SELECT "Issuer", "Subject", "Id" FROM "Users";
                """);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedEmail",
                table: "Users",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            // SQLite's upper() folds ASCII only; the application writes the full Unicode form at each sign-in.
            migrationBuilder.Sql("""
                UPDATE "Users" SET "NormalizedEmail" = upper(trim("Email")) WHERE "Email" IS NOT NULL;
                """);

            migrationBuilder.DropIndex(
                name: "IX_Users_Email",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_Issuer_Subject",
                table: "Users");

            // SQLite drops an unindexed column in place. EF Core's DropColumn would rebuild the table
            // with foreign keys off, outside the transaction, so a crash could leave it half done.
            migrationBuilder.Sql("""ALTER TABLE "Users" DROP COLUMN "Issuer";""");
            migrationBuilder.Sql("""ALTER TABLE "Users" DROP COLUMN "Subject";""");

            migrationBuilder.CreateTable(
                name: "SignInNonces",
                columns: table => new
                {
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInNonces", x => x.Hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Users_NormalizedEmail",
                table: "Users",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLogins_UserId",
                table: "ExternalLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SignInNonces_ExpiresAt",
                table: "SignInNonces",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInNonces");

            migrationBuilder.DropIndex(
                name: "IX_Users_NormalizedEmail",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "NormalizedEmail",
                table: "Users");

            migrationBuilder.AddColumn<string>(
                name: "Issuer",
                table: "Users",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "Users",
                type: "TEXT",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            // A user keeps its first login; links added since cannot be expressed in the old shape.
            migrationBuilder.Sql("""
                UPDATE "Users" SET
                    "Issuer" = (SELECT "Issuer" FROM "ExternalLogins" WHERE "UserId" = "Users"."Id" ORDER BY rowid LIMIT 1),
                    "Subject" = (SELECT "Subject" FROM "ExternalLogins" WHERE "UserId" = "Users"."Id" ORDER BY rowid LIMIT 1);
                """);

            migrationBuilder.DropTable(
                name: "ExternalLogins");

            migrationBuilder.CreateIndex(
                name: "IX_Users_Email",
                table: "Users",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_Users_Issuer_Subject",
                table: "Users",
                columns: new[] { "Issuer", "Subject" },
                unique: true);
        }
    }
}
