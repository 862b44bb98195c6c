using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AsciiOnlyEmailNormalization : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // User.NormalizeEmail now folds ASCII letters only. Stored values were written with full Unicode
            // upper-casing ('ſ' as 'S', 'é' as 'É'): left so, a new account's address would not find the user
            // that owns it, and would be registered beside it instead of being refused or linked. SQLite's
            // upper() folds ASCII only: exactly the new form.
            migrationBuilder.Sql("""
                UPDATE "Users" SET "NormalizedEmail" = upper(trim("Email")) WHERE "NormalizedEmail" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The earlier code rewrites its own form at each user's next sign-in, as it did after the
            // migration that introduced the column.
        }
    }
}
