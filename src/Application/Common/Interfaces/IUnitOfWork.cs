namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>Saves everything the repositories of one request have changed, in one transaction.</summary>
public interface IUnitOfWork
{
    /// <exception cref="Auth.ValidateTokenAndObtainSession.ExternalIdentityAlreadyRegisteredException">
    /// Another request registered the same external identity first; nothing was saved.
    /// </exception>
    /// <exception cref="Exceptions.ChangedMeanwhileException">
    /// A row this request read and changed was changed or removed by another request first; nothing was saved.
    /// </exception>
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets everything read and changed so far, and lets go of the users held, to start over from what the
    /// database holds now.
    /// </summary>
    Task DiscardAsync(CancellationToken cancellationToken);
}
