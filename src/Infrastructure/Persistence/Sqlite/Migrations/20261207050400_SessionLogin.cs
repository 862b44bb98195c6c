using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SessionLogin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "LoginId",
                table: "Sessions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LoginId",
                table: "Sessions");
        }
    }
}
