import { useState } from 'react';
import { GoogleLogin, GoogleOAuthProvider } from '@react-oauth/google';
import { Alert } from './Alert';
import { Spinner } from './Spinner';

interface GoogleSignInButtonProps {
  clientId: string;
  onCredential: (idToken: string) => void;
  onError: (message: string) => void;
}

type ScriptState = 'loading' | 'loaded' | 'failed';

/**
 * Google's own button, rendered by Google Identity Services. The script comes from Google at run
 * time, so it can fail (offline, blocked third-party scripts); that case offers a retry, which
 * loads the script afresh.
 */
export function GoogleSignInButton({ clientId, onCredential, onError }: GoogleSignInButtonProps) {
  const [attempt, setAttempt] = useState(0);
  const [script, setScript] = useState<ScriptState>('loading');

  if (script === 'failed') {
    return (
      <Alert
        title="Google sign-in could not be loaded"
        detail="The page could not load Google's sign-in script. Check your connection, or allow accounts.google.com if a blocker is on, then try again."
      >
        <button
          type="button"
          className="button"
          onClick={() => {
            setScript('loading');
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </Alert>
    );
  }

  return (
    <GoogleOAuthProvider
      key={attempt}
      clientId={clientId}
      onScriptLoadSuccess={() => setScript('loaded')}
      onScriptLoadError={() => setScript('failed')}
    >
      {script === 'loading' ? <Spinner label="Loading Google sign-in…" /> : null}
      <div className="google-button">
        <GoogleLogin
          onSuccess={(response) => {
            if (response.credential) {
              onCredential(response.credential);
            } else {
              onError('Google did not return a credential.');
            }
          }}
          onError={() => onError('Google sign-in did not complete. Please try again.')}
          text="signin_with"
          shape="rectangular"
          width={280}
        />
      </div>
    </GoogleOAuthProvider>
  );
}
