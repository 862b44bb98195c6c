import type { Problem } from './problem';

/** The codes a redirect sign-in comes back with (`/?signInError=<code>`), in words a person can act on. */
const messages: Record<string, Problem> = {
  access_denied: { title: 'Sign-in was cancelled', detail: 'You declined at the provider. Sign in again when you are ready.' },
  provider_error: { title: 'The provider could not sign you in', detail: 'It answered with an error. Try again, or use another way to sign in.' },
  invalid_state: {
    title: 'This sign-in link has expired or was already used',
    detail: 'Sign-ins must finish in the browser that started them, within 10 minutes. Start again from this page.',
  },
  exchange_failed: { title: 'The provider did not confirm your sign-in', detail: 'Start again from this page.' },
  token_rejected: { title: 'Sign-in failed', detail: 'The provider’s answer could not be verified. Start again from this page.' },
  provider_unavailable: { title: 'The provider is unavailable', detail: 'It cannot be reached right now. Try again in a moment.' },
  not_allowed: { title: 'Account not allowed', detail: 'This application only admits accounts of its allowed organisations.' },
  email_conflict: {
    title: 'Email already registered',
    detail: 'This email address belongs to another account here. Sign in the way you signed in before.',
  },
  account_disabled: { title: 'Account disabled', detail: 'This account has been disabled.' },
  cross_site_start: {
    title: 'Sign-in was not started here',
    detail: 'Another site tried to start a sign-in. If you meant to sign in, choose how below.',
  },
  rate_limited: { title: 'Too many sign-in attempts', detail: 'Too many attempts came from your network. Wait a minute, then try again.' },
  unknown_provider: { title: 'This sign-in option is not available', detail: 'Choose another way to sign in.' },
};

const unexpected: Problem = { title: 'Sign-in failed', detail: 'Something went wrong on our side. Try again in a moment.' };

export function describeSignInError(code: string): Problem {
  return (Object.hasOwn(messages, code) ? messages[code] : undefined) ?? unexpected;
}

/** Reads `signInError` from the address once, and removes it, so a reload does not show it again. */
export function takeSignInError(): Problem | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signInError');
  if (code === null) {
    return null;
  }

  url.searchParams.delete('signInError');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return describeSignInError(code);
}

/** Where a redirect provider's button goes: its start, coming back to this page. */
export function redirectStartUrl(provider: string): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `/api/auth/${encodeURIComponent(provider)}/start?returnUrl=${encodeURIComponent(here)}`;
}
