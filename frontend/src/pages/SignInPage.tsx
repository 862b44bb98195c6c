import { Alert } from '../components/Alert';
import { GoogleSignInButton } from '../components/GoogleSignInButton';
import { Spinner } from '../components/Spinner';
import { TestAccountSignIn } from '../components/TestAccountSignIn';
import type { AuthConfig } from '../api/client';
import type { Problem } from '../api/problem';

interface SignInPageProps {
  config: AuthConfig;
  busy: boolean;
  error: Problem | null;
  /** Resolves to whether the backend accepted the sign-in. */
  onCredential: (idToken: string, nonce: string) => Promise<boolean>;
  onGoogleError: (message: string) => void;
}

export function SignInPage({ config, busy, error, onCredential, onGoogleError }: SignInPageProps) {
  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" tabIndex={-1}>
        Sign in
      </h1>
      <p className="lead">
        {config.developmentSignIn ? 'Pick a test account to continue.' : 'Use your Google account to continue.'}
      </p>

      {error ? <Alert {...error} /> : null}

      {busy ? <Spinner label="Signing you in…" /> : null}
      <div hidden={busy}>
        {config.googleClientId ? (
          <GoogleSignInButton clientId={config.googleClientId} onCredential={onCredential} onError={onGoogleError} />
        ) : null}
        {config.developmentSignIn ? <TestAccountSignIn onCredential={onCredential} /> : null}
        {!config.googleClientId && !config.developmentSignIn ? (
          <Alert
            title="Google sign-in is not configured"
            detail="This server has no Google client ID. Set Auth:Google:ClientIds in its configuration."
          />
        ) : null}
      </div>
    </section>
  );
}
