import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { googleLogout } from '@react-oauth/google';
import { describeError, getAuthConfig, getCurrentUser, signInWithGoogle, signOut } from './api/client';
import type { AuthConfig, User } from './api/client';
import type { Problem } from './api/problem';
import { takeSignInError } from './signIn/signInError';
import { SiteNav } from './shared/SiteNav';
import { Spinner } from './shared/Spinner';
import { AccountPage } from './account/AccountPage';
import { ProfilePage } from './profile/ProfilePage';
import { SignInPage } from './signIn/SignInPage';
import { UnavailablePage } from './UnavailablePage';

type State =
  | { kind: 'loading' }
  | { kind: 'unavailable'; error: Problem }
  | { kind: 'signedOut'; config: AuthConfig; busy: boolean; error: Problem | null }
  | { kind: 'signedIn'; config: AuthConfig; user: User; busy: boolean; error: Problem | null };

/** The account page's address; every other path shows the profile (the server serves the SPA at any path). */
const accountPath = '/account';

const sessionEnded: Problem = { title: 'Your session has ended', detail: 'It was signed out from another device, or it expired. Sign in again.' };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [path, setPath] = useState(() => window.location.pathname);
  const main = useRef<HTMLElement>(null);

  // Back and forward between the profile and the account page.
  useEffect(() => {
    const follow = () => setPath(window.location.pathname);
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  const navigate = (to: string) => {
    if (to !== window.location.pathname) {
      window.history.pushState(null, '', to);
      setPath(to);
    }
  };

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    // A redirect sign-in that failed comes back here with the reason in the address.
    const signInError = takeSignInError();
    try {
      const [config, user] = await Promise.all([getAuthConfig(), getCurrentUser()]);
      // A redirect link that lost its state comes back signed in, to the profile, with signInError too.
      setState(user ? { kind: 'signedIn', config, user, busy: false, error: signInError } : { kind: 'signedOut', config, busy: false, error: signInError });
    } catch (error) {
      setState({ kind: 'unavailable', error: describeError(error) });
    }
  }, []);

  useEffect(() => {
    // Loading on mount is this effect's job: the session lives in a cookie only the server can read.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  // Move focus to the new page's heading, so keyboard and screen-reader users land on it: in the same
  // commit as the page, so focus never rests on the page in between.
  useLayoutEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [state.kind, path]);

  // A call from the account page found the session gone (revoked elsewhere, expired), or ended it: back to signing in.
  const handleSessionEnded = useCallback((why: Problem = sessionEnded) => {
    googleLogout();
    setState((current) => (current.kind === 'signedIn' ? { kind: 'signedOut', config: current.config, busy: false, error: why } : current));
  }, []);

  const handleCredential = async (config: AuthConfig, idToken: string, nonce: string): Promise<boolean> => {
    setState({ kind: 'signedOut', config, busy: true, error: null });
    try {
      const user = await signInWithGoogle(idToken, nonce);
      setState({ kind: 'signedIn', config, user, busy: false, error: null });
      return true;
    } catch (error) {
      setState({ kind: 'signedOut', config, busy: false, error: describeError(error) });
      return false;
    }
  };

  const handleSignOut = async (config: AuthConfig, user: User) => {
    setState({ kind: 'signedIn', config, user, busy: true, error: null });
    try {
      await signOut();
      googleLogout();
      setState({ kind: 'signedOut', config, busy: false, error: null });
    } catch (error) {
      // Still signed in on the server: say so, and let the user try again.
      setState({ kind: 'signedIn', config, user, busy: false, error: describeError(error) });
    }
  };

  return (
    <>
      <header className="site-header">
        <span className="brand">GoogleLogin</span>
        {state.kind === 'signedIn' ? (
          <SiteNav path={path} accountPath={accountPath} onNavigate={navigate} />
        ) : null}
      </header>
      <main ref={main} className="main">
        {/* Also after "Try again", whose page it replaces: focus waits here, not on the page. */}
        {state.kind === 'loading' ? <Spinner label="Loading…" takesFocus /> : null}

        {state.kind === 'unavailable' ? <UnavailablePage error={state.error} onRetry={() => void load()} /> : null}

        {state.kind === 'signedOut' ? (
          <SignInPage
            config={state.config}
            busy={state.busy}
            error={state.error}
            onCredential={(idToken, nonce) => handleCredential(state.config, idToken, nonce)}
            onGoogleError={(message) =>
              setState({ ...state, busy: false, error: { title: 'Google sign-in failed', detail: message } })
            }
          />
        ) : null}

        {state.kind === 'signedIn' && path === accountPath ? (
          <AccountPage
            config={state.config}
            user={state.user}
            signingOut={state.busy}
            error={state.error}
            onSignOut={() => void handleSignOut(state.config, state.user)}
            onSessionEnded={handleSessionEnded}
            // Signed out, the sign-in page shows here at /account, and signing in comes back to this page.
            onReauthenticate={() => void handleSignOut(state.config, state.user)}
          />
        ) : null}

        {state.kind === 'signedIn' && path !== accountPath ? (
          <ProfilePage
            user={state.user}
            busy={state.busy}
            error={state.error}
            onSignOut={() => void handleSignOut(state.config, state.user)}
          />
        ) : null}
      </main>
    </>
  );
}
