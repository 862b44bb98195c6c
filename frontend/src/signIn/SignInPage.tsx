import { Alert } from '../shared/Alert';
import { GoogleSignInButton } from './GoogleSignInButton';
import { Spinner } from '../shared/Spinner';
import { TestAccountSignIn } from './TestAccountSignIn';
import type { AuthConfig } from '../api/client';
import { redirectStartUrl } from './signInError';
import type { Problem } from '../api/problem';
import { usePageTitle } from '../shared/usePageTitle';
import { useBrand } from '../app/brand';

interface SignInPageProps {
  config: AuthConfig;
  busy: boolean;
  error: Problem | null;
  /** Resolves to whether the backend accepted the sign-in. */
  onCredential: (idToken: string, nonce: string) => Promise<boolean>;
  onGoogleError: (message: string) => void;
}

export function SignInPage({ config, busy, error, onCredential, onGoogleError }: SignInPageProps) {
  const redirectProviders = config.providers.filter((provider) => provider.signIn === 'redirect');
  usePageTitle('Sign in');
  const { termsUrl, privacyUrl } = useBrand();
  return (
    <>
      <section className="card" aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading" tabIndex={-1}>
          Sign in
        </h1>
        <p className="lead">
          {config.developmentSignIn
            ? 'Pick a test account to continue.'
            : redirectProviders.length > 0
              ? 'Choose how to sign in.'
              : 'Use your Google account to continue.'}
        </p>

        {/* The ways to sign in hide while one is under way, and an error brings them back: focus goes to the
            news each time, rather than to the page. */}
        {error ? <Alert {...error} takesFocus /> : null}

        {busy ? <Spinner label="Signing you in…" takesFocus /> : null}
        <div hidden={busy}>
          {config.googleClientId ? (
            <GoogleSignInButton clientId={config.googleClientId} onCredential={onCredential} onError={onGoogleError} />
          ) : null}
          {config.developmentSignIn ? <TestAccountSignIn onCredential={onCredential} /> : null}
          {redirectProviders.length > 0 ? (
            <ul className="provider-list">
              {redirectProviders.map((provider) => (
                <li key={provider.name}>
                  {/* A link, not a button: it leaves for the provider's page and comes back signed in. */}
                  <a className="button" href={redirectStartUrl(provider.name)}>
                    Continue with {provider.displayName}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {!config.googleClientId && !config.developmentSignIn && redirectProviders.length === 0 ? (
            <Alert
              title="Google sign-in is not configured"
              detail="This server has no Google client ID and no other provider. Set Auth:Google:ClientIds or an Auth:Providers:<name> section in its configuration."
            />
          ) : null}
        </div>
      </section>
      {termsUrl || privacyUrl ? (
        <ul className="legal-links" aria-label="Terms">
          {termsUrl ? (
            <li>
              <a href={termsUrl}>Terms of service</a>
            </li>
          ) : null}
          {privacyUrl ? (
            <li>
              <a href={privacyUrl}>Privacy policy</a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </>
  );
}
