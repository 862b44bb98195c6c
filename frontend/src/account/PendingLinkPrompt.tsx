import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { confirmPendingLink, declinePendingLink, getPendingLink, isSessionEnded } from '../api/client';
import type { Login, PendingLink } from '../api/client';
import { describeLinkFailure } from './linkResult';
import type { LinkFailure } from './linkResult';
import { providerLabel } from './providerLabel';

interface PendingLinkPromptProps {
  /** The pending link the provider's return came back with (`?pendingLink=<id>`). */
  id: string;
  /** "Add this account", for the page to focus once the person has confirmed it's them. */
  addButtonRef: RefObject<HTMLButtonElement | null>;
  /** The page opened after confirming it's them for this: "Add this account" takes focus, not the question. */
  resumed: boolean;
  /** Adding needs a recent sign-in: the page runs `add` now, or first asks the person to confirm it's them. */
  onAdd: (add: () => void) => void;
  onLinked: (login: Login) => void;
  onDeclined: () => void;
  /** It could not be shown or added: gone, too late, or taken. */
  onFailed: (failure: LinkFailure) => void;
  /** The server found the sign-in no longer recent: the prompt stays, for after confirming it's you. */
  onNeedsRecentSignIn: () => void;
  onSessionEnded: () => void;
}

/**
 * The account a redirect link came back with, added only when the person says so: the provider's return
 * alone could have been sent by someone else, with their own account, so the page shows which one it is.
 */
export function PendingLinkPrompt({
  id,
  addButtonRef,
  resumed,
  onAdd,
  onLinked,
  onDeclined,
  onFailed,
  onNeedsRecentSignIn,
  onSessionEnded,
}: PendingLinkPromptProps) {
  const [pending, setPending] = useState<PendingLink | null>(null);
  const [busy, setBusy] = useState<'adding' | 'cancelling' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    getPendingLink(id).then(
      (found) => current && setPending(found),
      (error: unknown) => {
        if (!current) {
          return;
        }
        if (isSessionEnded(error)) {
          onSessionEnded();
        } else {
          onFailed(describeLinkFailure(error));
        }
      },
    );
    return () => {
      current = false;
    };
    // Loaded once per pending link; the callbacks' identities do not matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  // The question is what the page opened for: focus goes to it once it is known (to its answer, when the
  // person has already confirmed it's them for it).
  useEffect(() => {
    if (pending) {
      (resumed ? addButtonRef : headingRef).current?.focus();
    }
    // Once, as the account is shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);

  if (!pending) {
    return null;
  }

  const act = async (kind: 'adding' | 'cancelling') => {
    setBusy(kind);
    try {
      if (kind === 'adding') {
        onLinked(await confirmPendingLink(id));
      } else {
        await declinePendingLink(id);
        onDeclined();
      }
    } catch (error) {
      const failure = describeLinkFailure(error);
      if (isSessionEnded(error)) {
        onSessionEnded();
      } else if (failure.needsRecentSignIn) {
        onNeedsRecentSignIn();
      } else {
        onFailed(failure);
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="pending-link" role="group" aria-labelledby="pending-link-heading" aria-busy={busy !== null}>
      <h3 id="pending-link-heading" className="subheading" tabIndex={-1} ref={headingRef}>
        Add this account?
      </h3>
      {/* An address the provider does not vouch for could be anyone's: it is said so, never shown as the account's name alone. */}
      <p className="item-title">
        {pending.email === null
          ? 'An account without an email'
          : pending.emailVerified
            ? pending.email
            : `${pending.email} (not verified by ${pending.displayName})`}
      </p>
      <p className="item-detail">{providerLabel(pending.displayName)}</p>
      <p className="hint">
        Add it only if you have just chosen this account at {pending.displayName}: it will sign in to your account here.
      </p>
      <div className="item-actions">
        <button
          ref={addButtonRef}
          type="button"
          className="button"
          aria-disabled={busy !== null}
          onClick={busy ? undefined : () => onAdd(() => void act('adding'))}
        >
          {busy === 'adding' ? 'Adding…' : 'Add this account'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={busy !== null}
          onClick={busy ? undefined : () => void act('cancelling')}
        >
          {busy === 'cancelling' ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
