using GoogleLogin.Domain.Audit;
using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("SecurityEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        // By name, so that a row reads the same to a person with a SQL prompt and survives reordering the enum.
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Provider).HasMaxLength(Limits.ProviderNameLength);
        builder.Property(e => e.IpAddress).HasMaxLength(Limits.IpAddressLength);
        builder.Property(e => e.UserAgent).HasMaxLength(Limits.UserAgentLength);

        // A user's page of activity, newest first; and the sweep's cut by age.
        builder.HasIndex(e => new { e.UserId, e.Id });
        builder.HasIndex(e => e.OccurredAt);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
