using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class AuthorizationStateConfiguration : IEntityTypeConfiguration<AuthorizationState>
{
    public void Configure(EntityTypeBuilder<AuthorizationState> builder)
    {
        builder.ToTable("AuthorizationStates");
        builder.HasKey(s => s.Hash);
        builder.Property(s => s.Hash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.Property(s => s.BindingHash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.Property(s => s.PresentedSessionHash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.Property(s => s.Provider).HasMaxLength(32);
        builder.Property(s => s.Nonce).HasMaxLength(Limits.NonceLength);
        builder.Property(s => s.CodeVerifier).HasMaxLength(128);
        builder.Property(s => s.ReturnUrl).HasMaxLength(AuthorizationState.ReturnUrlLength);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
