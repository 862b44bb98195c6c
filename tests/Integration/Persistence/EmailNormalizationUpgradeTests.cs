using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence;
using GoogleLogin.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GoogleLogin.Tests.Integration.Persistence;

/// <summary>
/// Stored normalized emails are what sign-in looks an address up by; after the change to ASCII-only
/// folding, every stored one must be in the new form, or an owner's address would no longer find them.
/// </summary>
[Trait("Engine", "Sqlite")]
public sealed class EmailNormalizationUpgradeTests
{
    [Fact]
    public async Task Upgrading_rewrites_every_stored_normalized_email_in_the_ascii_only_form()
    {
        var directory = Directory.CreateTempSubdirectory("googlelogin-upgrade-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "old.db")}";
        // With the forms the earlier release wrote: full Unicode upper-casing, which with ICU casing data
        // (InvariantGlobalization off) also maps 'ſ' to 'S'.
        (string Email, string OldForm)[] users = [("jos\u00E9@example.com", "JOS\u00C9@EXAMPLE.COM"), ("\u017Fam@Example.com", "SAM@EXAMPLE.COM"), ("Ada@Example.com", "ADA@EXAMPLE.COM")];
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options;
            await using (var db = new SqliteAppDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("ExternalLoginsAndSignInNonces");
                var now = (long)new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
                for (var i = 0; i < users.Length; i++)
                {
                    var id = $"0195f3c4-0000-7000-8000-00000000000{i}";
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO Users (Id, Email, EmailVerified, NormalizedEmail, IsActive, CreatedAt, LastSignedInAt)
                        VALUES ({id}, {users[i].Email}, 1, {users[i].OldForm}, 1, {now}, {now});
                        """);
                }
            }

            await using (var db = new SqliteAppDbContext(options))
            {
                await db.Database.MigrateAsync();

                var stored = await db.Users.OrderBy(u => u.Id).Select(u => new { u.Email, u.NormalizedEmail }).ToListAsync();
                // The form sign-in now looks an owner's address up by, so each owner is still found.
                stored.Select(u => u.NormalizedEmail).Should().Equal(users.Select(u => User.NormalizeEmail(u.Email)));
                stored.Select(u => u.NormalizedEmail).Should().Equal("JOS\u00E9@EXAMPLE.COM", "\u017FAM@EXAMPLE.COM", "ADA@EXAMPLE.COM");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
