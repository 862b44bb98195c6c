using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.SignIn;
using GoogleLogin.Domain.Users;
using GoogleLogin.Infrastructure.Persistence.AuthorizationStates;
using GoogleLogin.Infrastructure.Persistence.SignInNonces;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>
/// The one model, on either engine. Each engine has a context type of its own
/// (<see cref="Sqlite.SqliteAppDbContext"/>, <see cref="Postgres.PostgresAppDbContext"/>) only so that
/// each has its own migrations and its own way of storing times; everything else uses this type.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<SignInNonce> SignInNonces => Set<SignInNonce>();

    public DbSet<PendingLink> PendingLinks => Set<PendingLink>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    internal DbSet<SignInNonceKey> SignInNonceKeys => Set<SignInNonceKey>();

    internal DbSet<UsedAuthorizationState> UsedAuthorizationStates => Set<UsedAuthorizationState>();

    /// <summary>Data Protection's key ring (which seals redirect states), shared by every instance through the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}
