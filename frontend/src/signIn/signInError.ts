import { providerDisplayName } from '../api/client';
import type { AuthProvider } from '../api/client';
import { describeCode, toErrorCode } from '../api/errorMessages';
import type { ErrorCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';
import { safeReturnPath } from '../app/returnPath';

/** A redirect sign-in's failure as the address tells it: the code, and for email_conflict the provider to use. */
export interface SignInError {
  code: ErrorCode;
  /** The route name of a provider the existing account signs in with. */
  signInWith: string | null;
}

/**
 * Reads `signInError` (and `signInWith`) from the address once, and removes them through `replace` (the
 * router's, so that it knows the address too), so a reload does not show them again.
 */
export function takeSignInError(replace: (to: string) => void): SignInError | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signInError');
  if (code === null) {
    return null;
  }

  const signInWith = url.searchParams.get('signInWith');
  url.searchParams.delete('signInError');
  url.searchParams.delete('signInWith');
  replace(`${url.pathname}${url.search}${url.hash}`);
  return { code: toErrorCode(code), signInWith };
}

/** What to tell the person about a redirect sign-in's failure, in the words the same code has on the other routes. */
export function describeSignInError({ code, signInWith }: SignInError, providers: AuthProvider[], developmentSignIn = false): Problem {
  return describeCode(code, { signInWith: providerDisplayName(signInWith, providers, developmentSignIn) });
}

/** Where a redirect provider's button on the sign-in page goes: its start, coming back to the page the visitor wanted. */
export function redirectStartUrl(provider: string): string {
  const back = safeReturnPath(new URLSearchParams(window.location.search).get('returnTo'));
  return `/api/auth/${encodeURIComponent(provider)}/start?returnUrl=${encodeURIComponent(back)}`;
}
