import { useLayoutEffect, useRef, useState } from 'react';
// The package's button is named after Google's sign-in; our own names say what it is for.
import { GoogleLogin as GoogleButton, GoogleOAuthProvider } from '@react-oauth/google';
import { usePrefersDarkScheme } from './usePrefersDarkScheme';
import { useSignInNonce } from './useSignInNonce';
import { focusOnMount } from '../shared/focusOnMount';
import { Alert } from '../shared/Alert';
import { Spinner } from '../shared/Spinner';

interface GoogleSignInButtonProps {
  clientId: string;
  /** Signs in with Google's ID token and the nonce it carries; resolves to whether the backend accepted it. */
  onCredential: (idToken: string, nonce: string) => Promise<boolean>;
  onError: (message: string) => void;
  /** Google's wording on its button; "Continue with Google" where it links rather than signs in. */
  text?: 'signin_with' | 'continue_with';
  /** Its wait is a live status; false inside a section whose own status is the one live there (the account page). */
  liveWait?: boolean;
  /** As wide as its container (within Google's limits), like the other ways to sign in beside it. */
  fill?: boolean;
}

// Google draws its button between 200 and 400 pixels wide, at the width it is given when first drawn.
const googleMinWidth = 200;
const googleMaxWidth = 400;
const googleDefaultWidth = 280;

type ScriptState = 'loading' | 'loaded' | 'failed';

/**
 * Google's own button, rendered by Google Identity Services. The script comes from Google at run
 * time, so it can fail (offline, blocked third-party scripts); that case offers a retry, which
 * loads the script afresh. Each button carries a single-use nonce from the backend, which Google
 * copies into the ID token; a failed attempt gets a new nonce and so a new button.
 */
export function GoogleSignInButton({ clientId, onCredential, onError, text = 'signin_with', liveWait = true, fill = false }: GoogleSignInButtonProps) {
  const [attempt, setAttempt] = useState(0);
  const [script, setScript] = useState<ScriptState>('loading');
  const { nonce, markUsed, renew } = useSignInNonce();
  // Google's button has its own colours: a light one would glare on a dark page.
  const theme = usePrefersDarkScheme() ? 'filled_black' : 'outline';
  // After "Try again", focus follows the wait and then the button, never dropping to the page.
  const retried = attempt > 0;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(googleDefaultWidth);

  // Measured before Google draws the button, which reads its width only then; and again when the space changes
  // (a phone turned, a window narrowed), when the button is drawn afresh rather than left overflowing.
  useLayoutEffect(() => {
    const element = box.current;
    if (!fill || !element) {
      return;
    }
    const measure = () => {
      const available = element.clientWidth;
      if (available > 0) {
        setWidth(Math.min(googleMaxWidth, Math.max(googleMinWidth, Math.floor(available))));
      }
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fill]);

  if (script === 'failed') {
    return (
      <Alert
        title="Google sign-in could not be loaded"
        detail="The page couldn’t load Google’s sign-in script. If a content blocker is on, allow accounts.google.com, then try again."
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

  const signIn = async (idToken: string, usedNonce: string) => {
    // No button may offer this nonce again: the backend accepts it once, whatever the outcome.
    markUsed();
    if (!(await onCredential(idToken, usedNonce))) {
      renew();
    }
  };

  return (
    // The sign-in nonce goes to the button; GoogleOAuthProvider's own `nonce` is a CSP nonce for its script tag.
    <div ref={box} className="google-sign-in">
      <GoogleOAuthProvider
        key={attempt}
        clientId={clientId}
        onScriptLoadSuccess={() => setScript('loaded')}
        onScriptLoadError={() => setScript('failed')}
      >
        {script === 'loading' || nonce.kind === 'loading' ? <Spinner label="Loading Google sign-in…" takesFocus={retried} live={liveWait} /> : null}
        {nonce.kind === 'failed' ? (
          <Alert {...nonce.problem}>
            <button type="button" className="button" onClick={renew}>
              Try again
            </button>
          </Alert>
        ) : null}
        {nonce.kind === 'ready' ? (
          // Google's button is an iframe, which cannot take focus from here: its frame, named, does, and the
          // next Tab enters it.
          <div
            className="google-button"
            role="group"
            aria-label={text === 'continue_with' ? 'Continue with Google' : 'Sign in with Google'}
            tabIndex={retried ? -1 : undefined}
            ref={retried ? focusOnMount : undefined}
          >
            <GoogleButton
              // Google reads its settings only when the button is first rendered, so a new nonce or theme needs a new button.
              key={`${nonce.nonce}-${theme}-${width}`}
              nonce={nonce.nonce}
              onSuccess={(response) => {
                if (response.credential) {
                  void signIn(response.credential, nonce.nonce);
                } else {
                  onError('Google didn’t return a credential.');
                  renew();
                }
              }}
              onError={() => {
                onError('Google sign-in didn’t complete. Try again.');
                renew();
              }}
              text={text}
              theme={theme}
              shape="rectangular"
              width={width}
            />
          </div>
        ) : null}
      </GoogleOAuthProvider>
    </div>
  );
}
