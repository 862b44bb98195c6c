import { Alert } from '../components/Alert';
import { GoogleSignInButton } from '../components/GoogleSignInButton';
import { Spinner } from '../components/Spinner';
import type { AuthConfig } from '../api/client';

export interface SignInError {
  title: string;
  detail: string | null;
}

interface SignInPageProps {
  config: AuthConfig;
  busy: boolean;
  error: SignInError | null;
  onCredential: (idToken: string) => void;
  onGoogleError: (message: string) => void;
}

export function SignInPage({ config, busy, error, onCredential, onGoogleError }: SignInPageProps) {
  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" tabIndex={-1}>
        Sign in
      </h1>
      <p className="lead">Use your Google account to continue.</p>

      {error ? <Alert title={error.title} detail={error.detail} /> : null}

      {busy ? (
        <Spinner label="Signing you in…" />
      ) : config.googleClientId ? (
        <GoogleSignInButton clientId={config.googleClientId} onCredential={onCredential} onError={onGoogleError} />
      ) : (
        <Alert
          title="Google sign-in is not configured"
          detail="This server has no Google client ID. Set Auth:Google:ClientIds in its configuration."
        />
      )}
    </section>
  );
}
