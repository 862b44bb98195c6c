import { ApiError, describeError } from './client';
import type { Problem } from './problem';
import { describeSignInError } from './signInError';

/** The 403 title of a link from a session older than the re-authentication window (Auth:Sessions:ReauthenticationWindow). */
const reauthenticationTitle = 'Sign in again to change sign-in methods';

/** Why a link failed, and whether signing in again is the way out. */
export interface LinkFailure {
  problem: Problem;
  reauthenticate: boolean;
}

/** The codes only a link comes back with; the rest are the sign-in's (see signInError.ts). */
const linkMessages: Record<string, LinkFailure> = {
  reauthentication_required: {
    problem: {
      title: reauthenticationTitle,
      detail: 'Changing how you sign in needs a sign-in from the last few minutes. Sign in again, then link it.',
    },
    reauthenticate: true,
  },
  login_in_use: {
    problem: {
      title: 'This account is already in use',
      detail: 'It signs in to another account here. Choose another, or sign in with it and remove it there first.',
    },
    reauthenticate: false,
  },
  not_signed_in: {
    problem: { title: 'You were not signed in', detail: 'The link needs a signed-in session. Sign in, then link it again.' },
    reauthenticate: true,
  },
};

function describeLinkErrorCode(code: string): LinkFailure {
  return (Object.hasOwn(linkMessages, code) ? linkMessages[code] : undefined) ?? { problem: describeSignInError(code), reauthenticate: false };
}

/** What to tell the user when linking (POST /api/users/me/logins/{provider}) or unlinking a login fails. */
export function describeLinkFailure(error: unknown): LinkFailure {
  if (error instanceof ApiError && error.status === 403 && error.problem.title === reauthenticationTitle) {
    return { problem: error.problem, reauthenticate: true };
  }
  if (error instanceof ApiError && error.status === 409) {
    // Not the sign-in's "email already registered": the server says which account holds this login.
    return { problem: error.problem, reauthenticate: false };
  }
  return { problem: describeError(error), reauthenticate: false };
}

/** How a redirect link came back: `?linked=<provider>` or `?linkError=<code>`, or neither. */
export type LinkResult = { kind: 'linked'; provider: string } | { kind: 'failed'; failure: LinkFailure } | null;

/** Reads the link's outcome from the address. Pure, so React may call it twice; removeLinkResult clears it. */
export function readLinkResult(): LinkResult {
  const query = new URLSearchParams(window.location.search);
  const error = query.get('linkError');
  if (error !== null) {
    return { kind: 'failed', failure: describeLinkErrorCode(error) };
  }
  const provider = query.get('linked');
  return provider !== null ? { kind: 'linked', provider } : null;
}

/** Takes the link's outcome out of the address, so a reload or a bookmark does not show it again. */
export function removeLinkResult() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('linked') && !url.searchParams.has('linkError')) {
    return;
  }
  url.searchParams.delete('linked');
  url.searchParams.delete('linkError');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
