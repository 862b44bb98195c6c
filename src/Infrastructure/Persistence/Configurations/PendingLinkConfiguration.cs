using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Sessions;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class PendingLinkConfiguration : IEntityTypeConfiguration<PendingLink>
{
    public void Configure(EntityTypeBuilder<PendingLink> builder)
    {
        builder.ToTable("PendingLinks");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Issuer).HasMaxLength(Limits.IssuerLength);
        builder.Property(p => p.Subject).HasMaxLength(Limits.SubjectLength);
        builder.Property(p => p.Provider).HasMaxLength(Limits.ProviderNameLength);
        builder.Property(p => p.Email).HasMaxLength(Limits.EmailLength);
        builder.Ignore(p => p.Identity);
        builder.HasIndex(p => p.ExpiresAt);
        // A session's pending links go with it.
        builder.HasOne<Session>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
