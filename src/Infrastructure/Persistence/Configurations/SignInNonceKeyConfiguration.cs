using GoogleLogin.Domain.SignIn;
using GoogleLogin.Infrastructure.Persistence.SignInNonces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class SignInNonceKeyConfiguration : IEntityTypeConfiguration<SignInNonceKey>
{
    public void Configure(EntityTypeBuilder<SignInNonceKey> builder)
    {
        builder.ToTable("SignInNonceKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Key).HasMaxLength(SignInNonce.KeySizeInBytes).IsFixedLength();
    }
}
