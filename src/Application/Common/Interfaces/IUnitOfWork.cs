namespace GoogleLogin.Application.Common.Interfaces;

/// <summary>Saves everything the repositories of one request have changed, in one transaction.</summary>
public interface IUnitOfWork
{
    /// <exception cref="Auth.ValidateTokenAndObtainSession.ExternalIdentityAlreadyRegisteredException">
    /// Another request registered the same external identity first; nothing was saved.
    /// </exception>
    Task SaveChangesAsync(CancellationToken cancellationToken);
}
