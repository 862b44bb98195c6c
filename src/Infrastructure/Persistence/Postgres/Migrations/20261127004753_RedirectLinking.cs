using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RedirectLinking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "LinkingSessionId",
                table: "AuthorizationStates",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LinkingSessionId",
                table: "AuthorizationStates");
        }
    }
}
