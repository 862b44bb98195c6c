import { describeCode, toErrorCode } from '../../api/errorMessages';
import type { Problem } from '../../api/problem';
import { accountPath } from '../../app/routes';

/**
 * A change of sign-in methods that waits for the person to confirm it's them: linking a provider (by its
 * route name), unlinking a login (by its id), adding the account a redirect link came back with (by the
 * pending link's id), or nothing in particular (the notice's own "Confirm it’s you").
 */
export type GuardedAction =
  | { kind: 'link'; provider: string }
  | { kind: 'unlink'; loginId: string }
  | { kind: 'pending'; pendingId: string }
  | { kind: 'none' };

const none: GuardedAction = { kind: 'none' };

/** The action as the address carries it through a provider's page and back: `link:google`, `unlink:<id>`. */
export function toMarker(action: GuardedAction): string | null {
  switch (action.kind) {
    case 'link':
      return `link:${action.provider}`;
    case 'unlink':
      return `unlink:${action.loginId}`;
    case 'pending':
      return `pending:${action.pendingId}`;
    default:
      return null;
  }
}

/** The action a marker names; anything else (an edited or old address) is no action at all. */
export function fromMarker(marker: string | null): GuardedAction {
  const separator = marker?.indexOf(':') ?? -1;
  if (marker === null || separator <= 0 || separator === marker.length - 1) {
    return none;
  }
  const kind = marker.slice(0, separator);
  const value = marker.slice(separator + 1);
  switch (kind) {
    case 'link':
      return { kind: 'link', provider: value };
    case 'unlink':
      return { kind: 'unlink', loginId: value };
    case 'pending':
      return { kind: 'pending', pendingId: value };
    default:
      return none;
  }
}

/** Where a redirect provider's fresh sign-in comes back to: this page, saying which action to finish. */
export function returnUrlFor(action: GuardedAction): string {
  const marker = toMarker(action);
  return marker === null ? accountPath : `${accountPath}?${new URLSearchParams({ resume: marker }).toString()}`;
}

/**
 * How a redirect provider's fresh sign-in came back: `?reauthenticated=<provider>` (the session is recent
 * again) or `?reauthError=<code>` (it is as it was), with `?resume=` naming the action; or neither.
 */
export type ReauthenticationResult =
  | { kind: 'confirmed'; action: GuardedAction }
  | { kind: 'failed'; action: GuardedAction; problem: Problem }
  | null;

/** The query parameters a fresh sign-in's return adds to the account page's address. */
export const reauthenticationParameters = ['reauthenticated', 'reauthError', 'resume'] as const;

/** Reads the fresh sign-in's outcome from the address. Pure, so React may call it twice; removeLinkResult clears it. */
export function readReauthenticationResult(): ReauthenticationResult {
  const query = new URLSearchParams(window.location.search);
  const action = fromMarker(query.get('resume'));
  const error = query.get('reauthError');
  if (error !== null) {
    return { kind: 'failed', action, problem: describeCode(toErrorCode(error)) };
  }
  return query.get('reauthenticated') !== null ? { kind: 'confirmed', action } : null;
}
