import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { googleLogout } from '@react-oauth/google';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import { describeError, getAuthConfig, getCurrentUser, signInWithGoogle, signOut } from './api/client';
import type { AuthConfig, User } from './api/client';
import type { Problem } from './api/problem';
import { BrandContext, servedBrand } from './app/brand';
import { NotFoundPage } from './app/NotFoundPage';
import { RequireSignIn } from './app/RequireSignIn';
import { safeReturnPath, signedOutAddress, signedOutPath, signInPath } from './app/returnPath';
import { accountPath, signedInRoutes } from './app/routes';
import { SignedInContext } from './app/session';
import type { SignedIn } from './app/session';
import { SignedOutPage } from './app/SignedOutPage';
import { DevelopmentAuthorizePage, developmentAuthorizationPath } from './developmentIdentity/DevelopmentAuthorizePage';
import { describeSignInError, takeSignInError } from './signIn/signInError';
import { DevelopmentBanner } from './shared/DevelopmentBanner';
import { ProblemMessage } from './shared/Notice';
import { SiteNav } from './shared/SiteNav';
import { Spinner } from './shared/Spinner';
import { UserMenu } from './shared/UserMenu';
import { SignInPage } from './signIn/SignInPage';
import { UnavailablePage } from './UnavailablePage';

type State =
  | { kind: 'loading' }
  | { kind: 'unavailable'; error: Problem }
  // signedOutHere: the person signed out in this tab, and the page they were on gives way to the signed-out page.
  | { kind: 'signedOut'; config: AuthConfig; busy: boolean; error: Problem | null; signedOutHere?: boolean }
  | { kind: 'signedIn'; config: AuthConfig; user: User; busy: boolean; error: Problem | null };

const sessionEnded: Problem = { title: 'Your session has ended', detail: 'It was signed out from another device, or it expired. Sign in again.' };

/**
 * The app's own routes: the development identity provider's page (it plays another site, so it has
 * nothing of this app's frame), and everything else in the app's frame. The pages behind sign-in are
 * in app/routes.tsx (your own in app/appRoutes.tsx).
 */
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path={developmentAuthorizationPath} element={<DevelopmentAuthorizePage />} />
        <Route path="*" element={<SignedInApp />} />
      </Routes>
    </BrowserRouter>
  );
}

function SignedInApp() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const { pathname, search, hash } = useLocation();
  const navigate = useNavigate();
  const [query] = useSearchParams();
  const main = useRef<HTMLElement>(null);
  // The load runs once; the router's navigate of that moment removes the sign-in error from the address.
  const replace = useRef((to: string) => void navigate(to, { replace: true }));

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    // A redirect sign-in that failed comes back here with the reason in the address.
    const signInError = takeSignInError(replace.current);
    try {
      const [config, user] = await Promise.all([getAuthConfig(), getCurrentUser()]);
      // A redirect link that lost its state comes back signed in, to the profile, with signInError too.
      const error = signInError ? describeSignInError(signInError, config.providers, config.developmentSignIn) : null;
      setState(user ? { kind: 'signedIn', config, user, busy: false, error } : { kind: 'signedOut', config, busy: false, error });
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
  }, [state.kind, pathname]);

  // A call from a page found the session gone (revoked elsewhere, expired), or ended it: back to signing in.
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
      setState({ kind: 'signedOut', config, busy: false, error: describeError(error, config.providers, config.developmentSignIn) });
      return false;
    }
  };

  const handleSignOut = async (config: AuthConfig, user: User) => {
    setState({ kind: 'signedIn', config, user, busy: true, error: null });
    try {
      await signOut();
      googleLogout();
      setState({ kind: 'signedOut', config, busy: false, error: null, signedOutHere: true });
      // The address says so too, whatever page this was (one behind sign-in gives way by itself, below).
      navigate(signedOutAddress(`${pathname}${search}${hash}`), { replace: true });
    } catch (error) {
      // Still signed in on the server: say so, and let the user try again.
      setState({ kind: 'signedIn', config, user, busy: false, error: describeError(error) });
    }
  };

  const signedIn: SignedIn | null =
    state.kind === 'signedIn'
      ? {
          config: state.config,
          user: state.user,
          busy: state.busy,
          signOut: () => void handleSignOut(state.config, state.user),
          sessionEnded: handleSessionEnded,
        }
      : null;
  const brand = state.kind === 'signedIn' || state.kind === 'signedOut' ? state.config.brand : servedBrand;

  return (
    <BrandContext value={brand}>
      <SignedInContext value={signedIn}>
        {state.kind !== 'loading' && state.kind !== 'unavailable' && state.config.developmentSignIn ? <DevelopmentBanner /> : null}
        <header className="site-header">
          {brand.name ? (
            <Link className="brand" to="/">
              {brand.logoUrl ? <img className="brand-logo" src={brand.logoUrl} alt="" /> : null}
              {brand.name}
            </Link>
          ) : (
            // No name yet (the served page had no title): nothing to link, the header keeps its height.
            <span className="brand" />
          )}
          {signedIn ? (
            <div className="site-header-end">
              <SiteNav routes={signedInRoutes} />
              <UserMenu user={signedIn.user} accountPath={accountPath} signingOut={signedIn.busy} onSignOut={signedIn.signOut} />
            </div>
          ) : null}
        </header>
        <main ref={main} className="main">
          {/* Also after "Try again", whose page it replaces: focus waits here, not on the page. */}
          {state.kind === 'loading' ? <Spinner label="Loading…" takesFocus /> : null}

          {state.kind === 'unavailable' ? <UnavailablePage error={state.error} onRetry={() => void load()} /> : null}

          {/* A failed sign-out, or a redirect that came back signed in with an error: said once, above any page. */}
          {state.kind === 'signedIn' && state.error ? (
            <div className="page-message">
              <ProblemMessage problem={state.error} />
            </div>
          ) : null}

          {state.kind === 'signedIn' || state.kind === 'signedOut' ? (
            <Routes>
              <Route
                path={signInPath}
                element={
                  state.kind === 'signedOut' ? (
                    <SignInPage
                      config={state.config}
                      busy={state.busy}
                      error={state.error}
                      onCredential={(idToken, nonce) => handleCredential(state.config, idToken, nonce)}
                      onGoogleError={(message) =>
                        setState({ ...state, busy: false, error: { title: 'Google sign-in failed', detail: message } })
                      }
                    />
                  ) : (
                    // Signed in: back to where the guard sent the visitor from, if that is a page of this site.
                    <Navigate to={safeReturnPath(query.get('returnTo'))} replace />
                  )
                }
              />
              <Route path={signedOutPath} element={state.kind === 'signedOut' ? <SignedOutPage /> : <Navigate to="/" replace />} />
              {signedInRoutes.map((route) => (
                <Route
                  key={route.path}
                  path={route.path}
                  element={
                    // Signed out here: this page gives way to the signed-out page, not to signing in again.
                    state.kind === 'signedOut' && state.signedOutHere ? (
                      <Navigate to={signedOutAddress(`${pathname}${search}${hash}`)} replace />
                    ) : (
                      <RequireSignIn>{route.element}</RequireSignIn>
                    )
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          ) : null}
        </main>
      </SignedInContext>
    </BrandContext>
  );
}
