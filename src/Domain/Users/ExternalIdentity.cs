using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Users;

/// <summary>Who the identity provider says the user is: its issuer and its stable subject id.</summary>
public sealed record ExternalIdentity
{
    public ExternalIdentity(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (issuer.Length > Limits.IssuerLength)
        {
            throw new ArgumentException($"The issuer is longer than {Limits.IssuerLength} characters.", nameof(issuer));
        }

        if (subject.Length > Limits.SubjectLength)
        {
            throw new ArgumentException($"The subject is longer than {Limits.SubjectLength} characters.", nameof(subject));
        }

        Issuer = issuer;
        Subject = subject;
    }

    public string Issuer { get; }
    public string Subject { get; }
}
