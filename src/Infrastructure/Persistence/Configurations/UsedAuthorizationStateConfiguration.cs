using GoogleLogin.Domain.Common;
using GoogleLogin.Infrastructure.Persistence.AuthorizationStates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class UsedAuthorizationStateConfiguration : IEntityTypeConfiguration<UsedAuthorizationState>
{
    public void Configure(EntityTypeBuilder<UsedAuthorizationState> builder)
    {
        builder.ToTable("UsedAuthorizationStates");
        builder.HasKey(s => s.Hash);
        builder.Property(s => s.Hash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.HasIndex(s => s.ExpiresAt);
    }
}
