using GoogleLogin.Domain.Audit;
using Mediator;

namespace GoogleLogin.Application.Audit.ListActivity;

/// <summary>The user's security activity, newest first, a page at a time.</summary>
/// <param name="Before">The id of the last event of the previous page: only older ones follow.</param>
public sealed record ListActivityQuery(Guid UserId, int Limit, long? Before) : IQuery<IReadOnlyList<SecurityEventDto>>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
}

/// <summary>A security event as the API shows it.</summary>
/// <param name="Id">Pass as <c>before</c> to read the events older than this one.</param>
/// <param name="Type">
/// In the API, the type's name in snake case (<c>SignInRefusedEmailInUse</c> is <c>sign_in_refused_email_in_use</c>):
/// <c>signed_in</c>, <c>signed_out</c>, <c>session_revoked</c>, <c>signed_out_everywhere</c>,
/// <c>signed_out_elsewhere</c>, <c>login_linked</c>, <c>login_unlinked</c>,
/// <c>sign_in_refused_email_in_use</c> (another provider's account with this user's email was refused),
/// <c>sign_in_refused_disabled</c>, <c>reauthenticated</c> (signed in again in place, for a change that needs a recent
/// sign-in: the session was renewed); more may come (and <c>unknown</c>, one a newer version recorded), so show an
/// unknown one as a generic event.
/// </param>
/// <param name="Provider">The provider's route name, for sign-ins and logins.</param>
/// <param name="ProviderDisplayName">The provider's name as people know it.</param>
/// <param name="AccountEmail">
/// The email the provider gave, when the event happened, for the account it was about (signed in with, linked,
/// unlinked, refused); null for session events and for events recorded before it was kept.
/// </param>
/// <param name="IpAddress">The address of the request that caused it.</param>
/// <param name="UserAgent">The browser of the request that caused it, as it named itself.</param>
public sealed record SecurityEventDto(
    long Id,
    DateTimeOffset OccurredAt,
    SecurityEventType Type,
    string? Provider,
    string? ProviderDisplayName,
    string? AccountEmail,
    string? IpAddress,
    string? UserAgent);
