using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LoginDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "ExternalLogins",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastUsedAt",
                table: "ExternalLogins",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LinkedAt",
                table: "ExternalLogins",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "ExternalLogins",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Google's logins are named after it; another provider's (its name is not in the database) takes its name at
            // its next sign-in. Each login's first and last use are taken to be its user's.
            migrationBuilder.Sql(
                """
                UPDATE "ExternalLogins" SET
                    "Provider" = CASE WHEN "Issuer" = 'https://accounts.google.com' THEN 'google' ELSE 'unknown' END,
                    "Email" = (SELECT "Email" FROM "Users" WHERE "Users"."Id" = "ExternalLogins"."UserId"),
                    "LinkedAt" = (SELECT "CreatedAt" FROM "Users" WHERE "Users"."Id" = "ExternalLogins"."UserId"),
                    "LastUsedAt" = (SELECT "LastSignedInAt" FROM "Users" WHERE "Users"."Id" = "ExternalLogins"."UserId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Email",
                table: "ExternalLogins");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "ExternalLogins");

            migrationBuilder.DropColumn(
                name: "LinkedAt",
                table: "ExternalLogins");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "ExternalLogins");
        }
    }
}
