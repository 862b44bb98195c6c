using System.Diagnostics.CodeAnalysis;
using GoogleLogin.Domain.Common;

namespace GoogleLogin.Domain.Sessions;

/// <summary>The secret the browser presents in its cookie: a <see cref="RandomToken"/>.</summary>
public sealed class SessionToken
{
    private SessionToken(string value) => Value = value;

    public string Value { get; }

    public static SessionToken New() => new(RandomToken.New());

    /// <summary>Accepts only values shaped like tokens this class issues, so junk never reaches the database.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SessionToken? token)
    {
        token = RandomToken.IsWellFormed(value) ? new SessionToken(value) : null;
        return token is not null;
    }

    public byte[] Hash() => RandomToken.Hash(Value);

    // Never let a token slip into a log line through string formatting.
    public override string ToString() => "SessionToken(redacted)";
}
