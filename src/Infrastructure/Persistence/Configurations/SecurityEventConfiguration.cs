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
        builder.Property(e => e.Type).HasConversion(type => type.ToString(), name => Read(name)).HasMaxLength(40);
        builder.Property(e => e.Provider).HasMaxLength(Limits.ProviderNameLength);
        builder.Property(e => e.AccountEmail).HasMaxLength(Limits.EmailLength);
        builder.Property(e => e.IpAddress).HasMaxLength(Limits.IpAddressLength);
        builder.Property(e => e.UserAgent).HasMaxLength(Limits.UserAgentLength);

        // A user's page of activity, newest first; and the sweep's cut by age.
        builder.HasIndex(e => new { e.UserId, e.Id });
        builder.HasIndex(e => e.OccurredAt);
        // One refused sign-in a user, kind, provider and hour (SecurityEventRepository.TryAddRefusalAsync);
        // every other event has no refusal hour, and rows with a null are never equal.
        builder.HasIndex(e => new { e.UserId, e.Type, e.Provider, e.RefusalHour }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    // A type written by a newer version (before a rollback, or by a newer instance alongside) reads as
    // Unknown rather than failing the whole activity list.
    private static SecurityEventType Read(string name) =>
        Enum.TryParse<SecurityEventType>(name, out var type) && Enum.IsDefined(type) ? type : SecurityEventType.Unknown;
}
