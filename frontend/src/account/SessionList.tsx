import { useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { Ref } from 'react';
import { describeError, getSessions, isSessionEnded, revokeSession, signOutOthers } from '../api/client';
import type { Session } from '../api/client';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { describeDevice, deviceKindNames } from './userAgent';
import { Alert } from '../shared/Alert';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { SignOutButton } from '../shared/SignOutButton';
import { useNow } from '../shared/useNow';
import { shownAddress } from './address';
import { Address, DetailLine } from './DetailLine';
import { DeviceIcon } from './DeviceIcon';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Time } from './Time';

/** What the rest of the account page may ask of the sessions ("Not you?" in the activity). */
export interface SessionListHandle {
  /** Asks to sign out everywhere else, in the section's own confirmation; then, if signed out (or nowhere else), `then`. */
  askToSignOutOthers: (then: () => void) => void;
}

interface SessionListProps {
  ref?: Ref<SessionListHandle>;
  onSessionEnded: () => void;
  /** Signing out this browser, as the header's menu does. */
  signingOut: boolean;
  onSignOut: () => void;
  /** A session was revoked, or all the others: the activity has news. */
  onChanged: () => void;
}

type Action = { kind: 'idle' } | { kind: 'revoking'; id: string } | { kind: 'signingOutOthers' };

/** What the open confirmation asks: to revoke one session, or all but this one (then something after). */
type Question = { kind: 'revoke'; session: Session } | { kind: 'signOutOthers'; then?: () => void };

/** Seen this recently, a session counts as in use now. */
const activeWindowMs = 5 * 60_000;

/** This one first, then the most recently used. */
function byRelevance(a: Session, b: Session): number {
  return Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt);
}

function isActiveNow(session: Session, now: Date): boolean {
  return session.current || now.getTime() - new Date(session.lastSeenAt).getTime() < activeWindowMs;
}

/** Started more than a minute before it was last seen: else "Started" would repeat "Last active". */
function startedEarlier(session: Session): boolean {
  return new Date(session.lastSeenAt).getTime() - new Date(session.createdAt).getTime() >= 60_000;
}

function otherSessions(count: number): string {
  return count === 1 ? '1 other session' : `${count} other sessions`;
}

/** The browsers signed in to this account, like a phone's "Your devices": each revocable but this one. */
export function SessionList({ ref, onSessionEnded, signingOut, onSignOut, onChanged }: SessionListProps) {
  const { resource, retry, refresh, setResource } = useAccountResource(getSessions, onSessionEnded);
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  const [question, setQuestion] = useState<Question | null>(null);
  const [status, setStatus] = useState('');
  // Whether the status is a result to show as one (a session signed out), not news under way or a note.
  const [succeeded, setSucceeded] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const now = useNow();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const revokeButtons = useRef(new Map<string, HTMLButtonElement>());
  // Where focus goes once a row or "Sign out everywhere else" has left: the next row's button, else the status.
  const pendingFocus = useRef<string | null>(null);

  const sessions = resource.kind === 'ready' ? [...resource.data].sort(byRelevance) : [];
  const others = sessions.filter((session) => !session.current);
  const busy = action.kind !== 'idle';

  useImperativeHandle(
    ref,
    () => ({
      askToSignOutOthers: (then) => {
        if (others.length > 0 && !busy) {
          setQuestion({ kind: 'signOutOthers', then });
        } else {
          setStatus(others.length === 0 && resource.kind === 'ready' ? 'You’re signed in on this device only.' : '');
          setSucceeded(false);
          then();
        }
      },
    }),
    [others.length, busy, resource.kind],
  );

  useLayoutEffect(() => {
    const target = pendingFocus.current;
    if (target === null || resource.kind !== 'ready') {
      return;
    }
    pendingFocus.current = null;
    (revokeButtons.current.get(target) ?? statusRef.current)?.focus();
  }, [resource]);

  const fail = (failure: unknown) => {
    if (isSessionEnded(failure)) {
      onSessionEnded();
      return;
    }
    setStatus('');
    setSucceeded(false);
    setError(describeError(failure));
  };

  const revoke = async (session: Session) => {
    const device = describeDevice(session.userAgent).name;
    setAction({ kind: 'revoking', id: session.id });
    setError(null);
    setStatus(`Revoking the session on ${device}…`);
    setSucceeded(false);
    try {
      // Already ended elsewhere (404) counts as done: the refreshed list shows it gone either way.
      await revokeSession(session.id);
      const index = others.indexOf(session);
      pendingFocus.current = (others[index + 1] ?? others[index - 1])?.id ?? '';
      setResource({ kind: 'ready', data: sessions.filter((s) => s.id !== session.id) });
      setStatus(`Session revoked: ${device}`);
      setSucceeded(true);
      refresh();
      onChanged();
    } catch (failure) {
      fail(failure);
    } finally {
      setAction({ kind: 'idle' });
    }
  };

  const signOutEverywhereElse = async (then?: () => void) => {
    setAction({ kind: 'signingOutOthers' });
    setError(null);
    setStatus('Signing out other sessions…');
    setSucceeded(false);
    try {
      await signOutOthers();
      setResource({ kind: 'ready', data: sessions.filter((s) => s.current) });
      setStatus('Signed out everywhere else');
      setSucceeded(true);
      if (then) {
        then();
      } else {
        // The button has gone with the other sessions: the news takes focus.
        pendingFocus.current = '';
      }
      refresh();
      onChanged();
    } catch (failure) {
      fail(failure);
    } finally {
      setAction({ kind: 'idle' });
    }
  };

  const answered = (confirmed: boolean) => {
    const asked = question;
    setQuestion(null);
    if (!confirmed || !asked) {
      return;
    }
    if (asked.kind === 'revoke') {
      void revoke(asked.session);
    } else {
      void signOutEverywhereElse(asked.then);
    }
  };

  const dialog = (() => {
    if (question?.kind === 'revoke') {
      const device = describeDevice(question.session.userAgent).name;
      return {
        title: `Sign out ${device}?`,
        description: `Whoever uses ${device} will have to sign in again to reach your account. You stay signed in here.`,
        confirmLabel: 'Sign out',
      };
    }
    return {
      title: `Sign out ${otherSessions(others.length)}?`,
      description:
        question?.kind === 'signOutOthers' && question.then
          ? `If you don’t recognise this activity, sign out everywhere else, then review how you sign in. You stay signed in here.`
          : `Every other browser signed in to your account will have to sign in again. You stay signed in here.`,
      confirmLabel: 'Sign out everywhere else',
    };
  })();

  return (
    <section className="account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you’re signed in</h2>
      {/* Focus lands on the status when a revoked row leaves and no other row is left to take it. */}
      <SectionStatus news={status} tone={succeeded ? 'success' : undefined} resource={resource} loadingLabel="Loading sessions…" statusRef={statusRef} />
      {error ? <Alert {...error} /> : null}
      <ResourceState resource={resource} failureTitle="Your sessions could not be loaded" onRetry={retry} />
      {resource.kind === 'ready' ? (
        <>
          <ul className="session-list">
            {sessions.map((session) => {
              const device = describeDevice(session.userAgent);
              const revoking = action.kind === 'revoking' && action.id === session.id;
              const address = shownAddress(session.ipAddress);
              return (
                <li key={session.id} className="session">
                  <DeviceIcon kind={device.kind} />
                  <p className="session-title">
                    <span className="visually-hidden">{deviceKindNames[device.kind]}: </span>
                    {device.name}
                  </p>
                  <div className="session-details">
                    <DetailLine>
                      {session.current ? <span className="badge">This device</span> : null}
                      {isActiveNow(session, now) ? (
                        <span className="active-now">Active now</span>
                      ) : (
                        <span>
                          Last active <Time value={session.lastSeenAt} relativeTo={now} />
                        </span>
                      )}
                      {startedEarlier(session) ? (
                        <span>
                          Started <Time value={session.createdAt} relativeTo={now} />
                        </span>
                      ) : null}
                    </DetailLine>
                    {session.providerDisplayName || address ? (
                      <DetailLine>
                        {session.providerDisplayName ? <span>Signed in with {session.providerDisplayName}</span> : null}
                        {session.providerDisplayName && session.accountEmail ? <span>{session.accountEmail}</span> : null}
                        {address ? <Address value={address} /> : null}
                      </DetailLine>
                    ) : null}
                  </div>
                  <div className="session-actions">
                    {session.current ? (
                      <SignOutButton busy={signingOut} onSignOut={onSignOut} className="button button-secondary button-small" />
                    ) : (
                      <button
                        ref={(element) => {
                          if (element) {
                            revokeButtons.current.set(session.id, element);
                          } else {
                            revokeButtons.current.delete(session.id);
                          }
                        }}
                        type="button"
                        className="button button-secondary button-small"
                        aria-disabled={busy}
                        aria-busy={revoking}
                        onClick={busy ? undefined : () => setQuestion({ kind: 'revoke', session })}
                      >
                        {/* The visible word first (WCAG 2.5.3), then which session, for a list of several. */}
                        {revoking ? 'Revoking…' : 'Revoke'}
                        <span className="visually-hidden">
                          {' '}
                          session on {device.name}, started <Time value={session.createdAt} />
                        </span>
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {others.length === 0 ? (
            <p className="hint">You’re signed in on this device only.</p>
          ) : (
            <button
              type="button"
              className="button button-secondary button-small"
              aria-disabled={busy}
              aria-busy={action.kind === 'signingOutOthers'}
              onClick={busy ? undefined : () => setQuestion({ kind: 'signOutOthers' })}
            >
              Sign out everywhere else
            </button>
          )}
        </>
      ) : null}
      <ConfirmDialog
        open={question !== null}
        {...dialog}
        onConfirm={() => answered(true)}
        onCancel={() => answered(false)}
      />
    </section>
  );
}
