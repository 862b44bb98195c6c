import { useEffect, useRef, useState } from 'react';
import { confirmPendingLink, declinePendingLink, getPendingLink, isSessionEnded } from '../api/client';
import type { Login, PendingLink } from '../api/client';
import { describeLinkFailure } from './linkResult';
import type { LinkFailure } from './linkResult';

interface PendingLinkPromptProps {
  /** The pending link the provider's return came back with (`?pendingLink=<id>`). */
  id: string;
  onLinked: (login: Login) => void;
  onDeclined: () => void;
  /** It could not be shown or added: gone, too late, or taken. */
  onFailed: (failure: LinkFailure) => void;
  onSessionEnded: () => void;
}

/**
 * The account a redirect link came back with, added only when the person says so: the provider's return
 * alone could have been sent by someone else, with their own account, so the page shows which one it is.
 */
export function PendingLinkPrompt({ id, onLinked, onDeclined, onFailed, onSessionEnded }: PendingLinkPromptProps) {
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

  // The question is what the page opened for: focus goes to it once it is known.
  useEffect(() => {
    if (pending) {
      headingRef.current?.focus();
    }
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
      if (isSessionEnded(error)) {
        onSessionEnded();
      } else {
        onFailed(describeLinkFailure(error));
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
      <p className="item-detail">{pending.displayName.charAt(0).toUpperCase() + pending.displayName.slice(1)}</p>
      <p className="hint">
        Add it only if you have just chosen this account at {pending.displayName}: it will sign in to your account here.
      </p>
      <div className="item-actions">
        <button type="button" className="button" aria-disabled={busy !== null} onClick={busy ? undefined : () => void act('adding')}>
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
