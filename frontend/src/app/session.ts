import { createContext, useContext } from 'react';
import type { AuthConfig, User } from '../api/client';
import type { Problem } from '../api/problem';

/** What a page behind sign-in knows of the session (routes.tsx): the user, and how to leave. */
export interface SignedIn {
  config: AuthConfig;
  user: User;
  /** A sign-out is under way. */
  busy: boolean;
  /** Signs out, to the signed-out page. (Why a sign-out failed the app says itself, above every page.) */
  signOut: () => void;
  /** A call found the session gone (revoked elsewhere, expired): back to signing in, saying why. */
  sessionEnded: (why?: Problem) => void;
}

/** Null while nobody is signed in: the sign-in guard then sends the visitor to sign in. */
export const SignedInContext = createContext<SignedIn | null>(null);

/** The signed-in user and session, for a page of the route table (every one of them is behind sign-in). */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (!signedIn) {
    throw new Error('useSignedIn() is for the pages of routes.tsx, which only a signed-in user reaches.');
  }
  return signedIn;
}
