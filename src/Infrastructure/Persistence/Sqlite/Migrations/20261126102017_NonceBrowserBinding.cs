using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoogleLogin.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NonceBrowserBinding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nonces issued before browsers were bound could never be used again: drop them. A page
            // that held one gets a refused sign-in and asks for a new nonce, as after any expiry.
            migrationBuilder.Sql("DELETE FROM SignInNonces;");

            migrationBuilder.AddColumn<byte[]>(
                name: "BindingHash",
                table: "SignInNonces",
                type: "BLOB",
                fixedLength: true,
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BindingHash",
                table: "SignInNonces");
        }
    }
}
