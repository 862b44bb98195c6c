using GoogleLogin.Domain.Common;
using GoogleLogin.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoogleLogin.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Email).HasMaxLength(Limits.EmailLength);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(Limits.EmailLength);
        builder.Property(u => u.FirstName).HasMaxLength(Limits.NameLength);
        builder.Property(u => u.LastName).HasMaxLength(Limits.NameLength);
        builder.Property(u => u.HostedDomain).HasMaxLength(Limits.NameLength);
        builder.Property(u => u.PictureUrl).HasMaxLength(Limits.PictureUrlLength);

        // Not unique: a provider may move an address from one account to another, and the user who
        // had it keeps signing in by subject. Sign-in decides what a shared address means.
        builder.HasIndex(u => u.NormalizedEmail);

        builder.OwnsMany(u => u.Logins, login =>
        {
            login.ToTable("ExternalLogins");
            login.WithOwner().HasForeignKey("UserId");
            // The sign-in key. As the primary key it is unique, so two parallel first sign-ins of one
            // account cannot create two users, nor link it twice.
            login.HasKey(l => new { l.Issuer, l.Subject });
            login.Property(l => l.Issuer).HasMaxLength(Limits.IssuerLength);
            login.Property(l => l.Subject).HasMaxLength(Limits.SubjectLength);
            login.HasIndex("UserId");
            login.Property(l => l.Provider).HasMaxLength(Limits.ProviderNameLength);
            login.Property(l => l.Email).HasMaxLength(Limits.EmailLength);
            // Both derived from the key.
            login.Ignore(l => l.Id);
            login.Ignore(l => l.Identity);
        });
        builder.Navigation(u => u.Logins).HasField("_logins").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
