import { useState } from 'react';
import { describeError, isSessionEnded, reauthenticateWithIdToken, startReauthentication } from '../../api/client';
import type { AuthConfig, Login } from '../../api/client';
import type { Problem } from '../../api/problem';
import { Alert } from '../../shared/Alert';
import { focusOnMount } from '../../shared/focusOnMount';
import { goTo } from '../../shared/navigation';
import { GoogleSignInButton } from '../../signIn/GoogleSignInButton';
import { TestAccountSignIn } from '../../signIn/TestAccountSignIn';
import { providerLabel } from '../providerLabel';
import { returnUrlFor } from './resume';
import type { GuardedAction } from './resume';
import { recentSignInRule } from './rule';

interface ConfirmItsYouProps {
  config: AuthConfig;
  /** The user's own sign-in methods: the only accounts that can confirm it's them. */
  logins: Login[];
  /** What the person was doing: finished once they are back (a redirect provider's return says which). */
  action: GuardedAction;
  /** Why the last attempt did not confirm it (another account, the provider's refusal). */
  problem: Problem | null;
  /** Signed in again as this user: recent until the time given. */
  onConfirmed: (recentSignInUntil: string | null) => void;
  onCancel: () => void;
  onSessionEnded: () => void;
}

/**
 * Signing in again in place ("sudo mode") with one of the user's own sign-in methods: the session is renewed,
 * never ended, and the person stays on this page (or, through a redirect provider, comes back to it) with the
 * action they started ready to finish.
 */
export function ConfirmItsYou({ config, logins, action, problem, onConfirmed, onCancel, onSessionEnded }: ConfirmItsYouProps) {
  // A refusal of this panel's own attempt; each one a new key, so that its alert takes focus.
  const [failure, setFailure] = useState<{ problem: Problem; key: number } | null>(null);
  const [leaving, setLeaving] = useState(false);
  const shown = failure ?? (problem ? { problem, key: 0 } : null);

  const fail = (error: unknown) => setFailure((previous) => ({ problem: describeError(error), key: (previous?.key ?? 0) + 1 }));

  /** Google's button or a test account: the ID token goes to the server, which renews this session. */
  const withIdToken = async (idToken: string, nonce: string): Promise<boolean> => {
    setFailure(null);
    try {
      onConfirmed(await reauthenticateWithIdToken(idToken, nonce));
      return true;
    } catch (error) {
      if (isSessionEnded(error)) {
        onSessionEnded();
      } else {
        fail(error);
      }
      return false;
    }
  };

  /** A redirect provider asks the person to sign in afresh, then sends the browser back to this page. */
  const withRedirect = async (provider: string) => {
    setLeaving(true);
    setFailure(null);
    try {
      goTo(await startReauthentication(provider, returnUrlFor(action)));
    } catch (error) {
      setLeaving(false);
      if (isSessionEnded(error)) {
        onSessionEnded();
      } else {
        fail(error);
      }
    }
  };

  const emailsOf = (provider: string) =>
    logins
      .filter((login) => login.provider === provider)
      .map((login) => login.email)
      .filter((email) => email !== null);
  const googleEmails = emailsOf('google');
  const hasGoogle = logins.some((login) => login.provider === 'google');
  const redirectProviders = config.providers.filter(
    (provider) => provider.signIn === 'redirect' && logins.some((login) => login.provider === provider.name),
  );

  return (
    <div className="reauth" role="group" aria-labelledby="reauth-heading" aria-busy={leaving}>
      <h3 id="reauth-heading" className="subheading" tabIndex={-1} ref={focusOnMount}>
        Confirm it’s you
      </h3>
      <p id="recent-sign-in-rule" className="reauth-explanation">
        {recentSignInRule(config.reauthenticationWindowMinutes)} Sign in again with one of your sign-in methods: you’ll stay on
        this page.
      </p>
      {shown ? <Alert key={shown.key} {...shown.problem} takesFocus={shown.key > 0} /> : null}
      <ul className="link-options">
        {hasGoogle && config.googleClientId ? (
          <li>
            <p className="link-label">Google</p>
            <GoogleSignInButton
              clientId={config.googleClientId}
              text="continue_with"
              liveWait={false}
              onCredential={withIdToken}
              onError={(message) => setFailure((previous) => ({ problem: { title: 'Google sign-in failed', detail: message }, key: (previous?.key ?? 0) + 1 }))}
            />
            {googleEmails.length > 0 ? <p className="hint">Choose {joinOr(googleEmails)}.</p> : null}
          </li>
        ) : null}
        {hasGoogle && config.developmentSignIn ? (
          <li>
            <TestAccountSignIn purpose="reauthenticate" liveWait={false} onCredential={withIdToken} />
            {googleEmails.length > 0 ? <p className="hint">Choose {joinOr(googleEmails)}.</p> : null}
          </li>
        ) : null}
        {redirectProviders.map((provider) => {
          const emails = emailsOf(provider.name);
          return (
            <li key={provider.name}>
              {/* A POST first (never a navigation another site could send), then the provider's own page. */}
              <button
                type="button"
                className="button"
                aria-disabled={leaving}
                onClick={leaving ? undefined : () => void withRedirect(provider.name)}
              >
                Continue with {provider.displayName}
              </button>
              <p className="hint">
                {providerLabel(provider.displayName)} asks you to sign in again{emails.length > 0 ? ` as ${joinOr(emails)}` : ''}, then
                brings you back here.
              </p>
            </li>
          );
        })}
      </ul>
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** "a", "a or b", "a, b or c". */
function joinOr(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
