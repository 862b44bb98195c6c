using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.TokenHash).IsRequired().HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.Property(s => s.UserAgent).HasMaxLength(Limits.UserAgentLength);
        builder.Property(s => s.IpAddress).HasMaxLength(Limits.IpAddressLength);
        builder.Ignore(s => s.IsRevoked);

        builder.HasIndex(s => s.TokenHash).IsUnique();
        // A user's live sessions without reading the revoked ones the sweep has yet to delete, which a user
        // who signs in often piles up: signing in lists the live ones to keep within the limit.
        builder.HasIndex(s => new { s.UserId, s.RevokedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
