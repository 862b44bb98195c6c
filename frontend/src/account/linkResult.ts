import { ApiError, describeError } from '../api/client';
import { describeCode, toErrorCode } from '../api/errorMessages';
import type { ErrorCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';
import { reauthenticationParameters } from './reauthentication/resume';

/** Why a link failed, and whether confirming it's you (a recent sign-in) is the way on. */
export interface LinkFailure {
  problem: Problem;
  needsRecentSignIn: boolean;
}

const notRecent: ErrorCode = 'reauthentication_required';

/** What to tell the user when linking (POST /api/users/me/logins/{provider}) or unlinking a login fails. */
export function describeLinkFailure(error: unknown): LinkFailure {
  return { problem: describeError(error), needsRecentSignIn: error instanceof ApiError && error.code === notRecent };
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
    return { kind: 'failed', failure: { problem: describeCode(code), needsRecentSignIn: code === notRecent } };
  }
  const id = query.get('pendingLink');
  return id !== null ? { kind: 'pending', id } : null;
}

/** What a provider's return adds to the account page's address: a link's outcome, or a fresh sign-in's. */
const resultParameters = ['pendingLink', 'linkError', ...reauthenticationParameters];

/**
 * Takes the link's (or the fresh sign-in's) outcome out of the address, so a reload or a bookmark does not
 * show it again, through `replace` (the router's, so that it knows the address too: the sign-in guard sends
 * a visitor back to the router's address, and would bring the outcome back with it).
 */
export function removeLinkResult(replace: (to: string) => void) {
  const url = new URL(window.location.href);
  if (!resultParameters.some((name) => url.searchParams.has(name))) {
    return;
  }
  for (const name of resultParameters) {
    url.searchParams.delete(name);
  }
  replace(`${url.pathname}${url.search}${url.hash}`);
}
