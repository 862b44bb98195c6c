import { Fragment } from 'react';
import type { ReactNode } from 'react';
import { Alert } from '../shared/Alert';
import { ProblemMessage } from '../shared/Notice';
import { GoogleSignInButton } from './GoogleSignInButton';
import { Spinner } from '../shared/Spinner';
import { TestAccountSignIn } from './TestAccountSignIn';
import type { AuthConfig, AuthProvider } from '../api/client';
import { redirectStartUrl } from './signInError';
import type { Problem } from '../api/problem';
import { usePageTitle } from '../shared/usePageTitle';
import { useBrand } from '../app/brand';
import { ProviderMark } from './ProviderMark';

interface SignInPageProps {
  config: AuthConfig;
  busy: boolean;
  error: Problem | null;
  /** Resolves to whether the backend accepted the sign-in. */
  onCredential: (idToken: string, nonce: string) => Promise<boolean>;
  onGoogleError: (message: string) => void;
}

// The server's route name for its built-in development identity provider (DevelopmentSignIn.ProviderName):
// its button says that it shows that provider's own page, unlike the test accounts chosen on this one.
const developmentProvider = 'development';

/** The sign-in card: the brand, one action per way to sign in (an "or" between kinds), and the brand's terms. */
export function SignInPage({ config, busy, error, onCredential, onGoogleError }: SignInPageProps) {
  const redirectProviders = config.providers.filter((provider) => provider.signIn === 'redirect');
  usePageTitle('Sign in');
  const { name, logoUrl, termsUrl, privacyUrl } = useBrand();

  // Each kind of sign-in is a group: Google's own button, the test accounts, the providers' pages.
  const groups: { key: string; content: ReactNode }[] = [];
  if (config.googleClientId) {
    groups.push({
      key: 'google',
      content: <GoogleSignInButton clientId={config.googleClientId} onCredential={onCredential} onError={onGoogleError} fill />,
    });
  }
  if (config.developmentSignIn) {
    groups.push({ key: 'test-accounts', content: <TestAccountSignIn onCredential={onCredential} /> });
  }
  if (redirectProviders.length > 0) {
    groups.push({
      key: 'redirect',
      content: (
        <ul className="provider-list">
          {redirectProviders.map((provider) => (
            <li key={provider.name}>
              <RedirectSignIn provider={provider} />
            </li>
          ))}
        </ul>
      ),
    });
  }
  const ways = groups.length + Math.max(0, redirectProviders.length - 1);

  return (
    <section className="card sign-in-card" aria-labelledby="sign-in-heading">
      {name || logoUrl ? (
        <p className="card-brand">
          {logoUrl ? <img className="card-brand-logo" src={logoUrl} alt="" /> : null}
          {name}
        </p>
      ) : null}
      <h1 id="sign-in-heading" tabIndex={-1}>
        Sign in
      </h1>
      {ways > 1 ? <p className="lead">Choose how to sign in.</p> : config.googleClientId ? <p className="lead">Use your Google account to continue.</p> : null}

      {/* The ways to sign in hide while one is under way, and an error brings them back: focus goes to the
          news each time, rather than to the page. */}
      {error ? <ProblemMessage problem={error} takesFocus /> : null}

      {busy ? <Spinner label="Signing you in…" takesFocus /> : null}
      <div className="sign-in-options" hidden={busy}>
        {groups.map((group, index) => (
          <Fragment key={group.key}>
            {index > 0 ? (
              // Read as the word it is, between the groups it joins.
              <p className="or-divider">
                <span>or</span>
              </p>
            ) : null}
            {group.content}
          </Fragment>
        ))}
        {groups.length === 0 ? (
          <Alert
            title="Google sign-in is not configured"
            detail="This server has no Google client ID and no other provider. Set Auth:Google:ClientIds or an Auth:Providers:<name> section in its configuration."
          />
        ) : null}
      </div>

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
    </section>
  );
}

/** A provider that signs in on its own page: a link, not a button, as it leaves for that page and comes back signed in. */
function RedirectSignIn({ provider }: { provider: AuthProvider }) {
  const development = provider.name === developmentProvider;
  const hintId = `sign-in-hint-${provider.name}`;
  return (
    <>
      <a className="provider-button" href={redirectStartUrl(provider.name)} aria-describedby={development ? hintId : undefined}>
        <ProviderMark name={provider.displayName} />
        <span>Continue with {provider.displayName}</span>
      </a>
      {development ? (
        <p id={hintId} className="hint">
          Opens the development provider’s own sign-in page first, as a real provider would.
        </p>
      ) : null}
    </>
  );
}
