import { useEffect, useLayoutEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { fakeIdToken } from './fakeBackend';

/** What the stand-in for Google Identity Services does, and did, in the current test. */
export const fakeGoogle = {
  scriptLoads: true,
  /** Whether a click on the button hands back an ID token (Google copies the button's nonce into it). */
  returnsCredential: true,
  /** The nonce of every button Google rendered, in order. */
  renderedButtonNonces: [] as (string | undefined)[],
  /** The colour theme of every button Google rendered, in order. */
  renderedButtonThemes: [] as (string | undefined)[],
  logout: vi.fn(),
  reset() {
    this.scriptLoads = true;
    this.returnsCredential = true;
    this.renderedButtonNonces = [];
    this.renderedButtonThemes = [];
    this.logout.mockReset();
  },
};

interface ProviderProps {
  children: ReactNode;
  onScriptLoadSuccess?: () => void;
  onScriptLoadError?: () => void;
}

interface LoginProps {
  onSuccess: (response: { credential?: string }) => void;
  onError?: () => void;
  nonce?: string;
  theme?: string;
}

// The module vi.mock('@react-oauth/google') is replaced by: the same API, no script from Google.
export const fakeGoogleModule = {
  GoogleOAuthProvider({ children, onScriptLoadSuccess, onScriptLoadError }: ProviderProps) {
    useEffect(() => {
      if (fakeGoogle.scriptLoads) {
        onScriptLoadSuccess?.();
      } else {
        onScriptLoadError?.();
      }
    }, [onScriptLoadSuccess, onScriptLoadError]);
    return <>{children}</>;
  },
  GoogleLogin({ onSuccess, nonce, theme }: LoginProps) {
    // Like the real GoogleLogin, the button keeps the settings of its first render: a later nonce or
    // theme prop reaches Google only through a new button.
    const [buttonNonce] = useState(nonce);
    const [buttonTheme] = useState(theme);
    // Recorded in the commit that shows the button, so a test that has found the button can read them
    // (a passive effect may run after findBy* has already resolved).
    useLayoutEffect(() => {
      fakeGoogle.renderedButtonNonces.push(buttonNonce);
      fakeGoogle.renderedButtonThemes.push(buttonTheme);
    }, [buttonNonce, buttonTheme]);
    return (
      <button
        type="button"
        onClick={() =>
          onSuccess(fakeGoogle.returnsCredential ? { credential: fakeIdToken({ sub: 'google-ada', nonce: buttonNonce }) } : {})
        }
      >
        Sign in with Google
      </button>
    );
  },
  googleLogout: () => fakeGoogle.logout(),
};
