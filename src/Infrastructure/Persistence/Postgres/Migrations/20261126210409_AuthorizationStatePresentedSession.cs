using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuthorizationStatePresentedSession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "PresentedSessionHash",
                table: "AuthorizationStates",
                type: "bytea",
                fixedLength: true,
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PresentedSessionHash",
                table: "AuthorizationStates");
        }
    }
}
