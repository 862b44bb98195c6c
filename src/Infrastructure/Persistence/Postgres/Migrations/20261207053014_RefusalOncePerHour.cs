using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RefusalOncePerHour : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RefusalHour",
                table: "SecurityEvents",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SecurityEvents_UserId_Type_Provider_RefusalHour",
                table: "SecurityEvents",
                columns: new[] { "UserId", "Type", "Provider", "RefusalHour" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SecurityEvents_UserId_Type_Provider_RefusalHour",
                table: "SecurityEvents");

            migrationBuilder.DropColumn(
                name: "RefusalHour",
                table: "SecurityEvents");
        }
    }
}
