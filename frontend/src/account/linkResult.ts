import { ApiError, describeError } from '../api/client';
import { describeCode, needsReauthentication, toErrorCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';

/** Why a link failed, and whether signing in again is the way out. */
export interface LinkFailure {
  problem: Problem;
  reauthenticate: boolean;
}

/** What to tell the user when linking (POST /api/users/me/logins/{provider}) or unlinking a login fails. */
export function describeLinkFailure(error: unknown): LinkFailure {
  return { problem: describeError(error), reauthenticate: error instanceof ApiError && needsReauthentication(error.code) };
}

/**
 * How a redirect link came back: `?pendingLink=<id>` (an account waiting for the person to confirm it) or
 * `?linkError=<code>`, or neither.
 */
export type LinkResult = { kind: 'pending'; id: string } | { kind: 'failed'; failure: LinkFailure } | null;

/** Reads the link's outcome from the address. Pure, so React may call it twice; removeLinkResult clears it. */
export function readLinkResult(): LinkResult {
  const query = new URLSearchParams(window.location.search);
  const error = query.get('linkError');
  if (error !== null) {
    const code = toErrorCode(error);
    return { kind: 'failed', failure: { problem: describeCode(code), reauthenticate: needsReauthentication(code) } };
  }
  const id = query.get('pendingLink');
  return id !== null ? { kind: 'pending', id } : null;
}

/**
 * Takes the link's outcome out of the address, so a reload or a bookmark does not show it again, through
 * `replace` (the router's, so that it knows the address too: the sign-in guard sends a visitor back to the
 * router's address, and would bring the outcome back with it).
 */
export function removeLinkResult(replace: (to: string) => void) {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('pendingLink') && !url.searchParams.has('linkError')) {
    return;
  }
  url.searchParams.delete('pendingLink');
  url.searchParams.delete('linkError');
  replace(`${url.pathname}${url.search}${url.hash}`);
}
