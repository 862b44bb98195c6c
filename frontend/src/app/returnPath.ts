/** The sign-in page's address. */
export const signInPath = '/sign-in';

/** Where signing out lands: an address of its own, so the page left behind is not shown as if still open. */
export const signedOutPath = '/signed-out';

/** The sign-in page, coming back to `here` (a path of this site, with its query) once signed in. */
export function signInAddress(here: string): string {
  return withReturnTo(signInPath, here);
}

/** The signed-out page, whose "Sign in again" comes back to `here`, the page signed out from. */
export function signedOutAddress(here: string): string {
  return withReturnTo(signedOutPath, here);
}

function withReturnTo(path: string, here: string): string {
  return here === '/' ? path : `${path}?returnTo=${encodeURIComponent(here)}`;
}

/**
 * Where to go once signed in: `returnTo` when it is a path of this site, else home. Anything else (another
 * origin, `//host` or `/\host`, which browsers read as another host, a scheme, control characters that
 * URL parsing drops) would make the sign-in page an open redirect.
 */
export function safeReturnPath(returnTo: string | null): string {
  // eslint-disable-next-line no-control-regex
  if (!returnTo || !returnTo.startsWith('/') || /^\/[/\\]|[\u0000-\u001f\u007f]/.test(returnTo)) {
    return '/';
  }
  const url = new URL(returnTo, window.location.origin);
  // Dot segments can leave a path that starts '//' once resolved: '/..//evil.example' is '//evil.example'.
  if (url.origin !== window.location.origin || /^\/[/\\]/.test(url.pathname) || url.pathname === signInPath || url.pathname === signedOutPath) {
    return '/';
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
