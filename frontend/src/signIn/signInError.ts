import { describeCode, toErrorCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';

/** Reads `signInError` from the address once, and removes it, so a reload does not show it again. */
export function takeSignInError(): Problem | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signInError');
  if (code === null) {
    return null;
  }

  url.searchParams.delete('signInError');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return describeCode(toErrorCode(code));
}

/** Where a redirect provider's button goes: its start, coming back to this page. */
export function redirectStartUrl(provider: string): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `/api/auth/${encodeURIComponent(provider)}/start?returnUrl=${encodeURIComponent(here)}`;
}
