import { useContext } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { signInAddress } from './returnPath';
import { SignedInContext } from './session';

/** A page behind sign-in: a signed-out visitor goes to sign in, and comes back here after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const signedIn = useContext(SignedInContext);
  const location = useLocation();
  if (!signedIn) {
    return <Navigate to={signInAddress(`${location.pathname}${location.search}${location.hash}`)} replace />;
  }
  return children;
}
