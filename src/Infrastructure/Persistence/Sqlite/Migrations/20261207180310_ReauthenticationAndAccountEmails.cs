using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReauthenticationAndAccountEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountEmail",
                table: "SecurityEvents",
                type: "TEXT",
                maxLength: 320,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AccountEmail",
                table: "SecurityEvents");
        }
    }
}
