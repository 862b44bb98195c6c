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
        builder.Property(u => u.Issuer).IsRequired().HasMaxLength(User.MaxIssuerLength);
        builder.Property(u => u.Subject).IsRequired().HasMaxLength(User.MaxSubjectLength);
        builder.Property(u => u.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property(u => u.FirstName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.LastName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.HostedDomain).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.PictureUrl).HasMaxLength(User.MaxPictureUrlLength);

        // The identity key. Unique so that two parallel first sign-ins cannot create two users.
        builder.HasIndex(u => new { u.Issuer, u.Subject }).IsUnique();
        builder.HasIndex(u => u.Email);
    }
}
