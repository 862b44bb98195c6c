import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';

/** What the stand-in for Google Identity Services does in the current test. */
export const fakeGoogle = {
  scriptLoads: true,
  credential: 'header.payload.signature' as string | undefined,
  logout: vi.fn(),
};

interface ProviderProps {
  children: ReactNode;
  onScriptLoadSuccess?: () => void;
  onScriptLoadError?: () => void;
}

interface LoginProps {
  onSuccess: (response: { credential?: string }) => void;
  onError?: () => void;
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
  GoogleLogin({ onSuccess }: LoginProps) {
    return (
      <button type="button" onClick={() => onSuccess({ credential: fakeGoogle.credential })}>
        Sign in with Google
      </button>
    );
  },
  googleLogout: () => fakeGoogle.logout(),
};
