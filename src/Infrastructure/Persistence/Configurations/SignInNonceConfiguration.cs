using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class SignInNonceConfiguration : IEntityTypeConfiguration<SignInNonce>
{
    public void Configure(EntityTypeBuilder<SignInNonce> builder)
    {
        builder.ToTable("SignInNonces");
        builder.HasKey(n => n.Hash);
        builder.Property(n => n.Hash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.Property(n => n.BindingHash).HasMaxLength(RandomToken.HashSizeInBytes).IsFixedLength();
        builder.HasIndex(n => n.ExpiresAt);
    }
}
