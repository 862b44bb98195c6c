import { describeCode, toErrorCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';
import { safeReturnPath } from '../app/returnPath';

/**
 * Reads `signInError` from the address once, and removes it through `replace` (the router's, so that it
 * knows the address too), so a reload does not show it again.
 */
export function takeSignInError(replace: (to: string) => void): Problem | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signInError');
  if (code === null) {
    return null;
  }

  url.searchParams.delete('signInError');
  replace(`${url.pathname}${url.search}${url.hash}`);
  return describeCode(toErrorCode(code));
}

/** Where a redirect provider's button on the sign-in page goes: its start, coming back to the page the visitor wanted. */
export function redirectStartUrl(provider: string): string {
  const back = safeReturnPath(new URLSearchParams(window.location.search).get('returnTo'));
  return `/api/auth/${encodeURIComponent(provider)}/start?returnUrl=${encodeURIComponent(back)}`;
}
