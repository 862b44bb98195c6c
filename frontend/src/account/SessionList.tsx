import { useLayoutEffect, useRef, useState } from 'react';
import { describeError, getSessions, isSessionEnded, revokeSession, signOutOthers } from '../api/client';
import type { Session } from '../api/client';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { describeUserAgent } from './userAgent';
import { Alert } from '../shared/Alert';
import { SignOutButton } from '../shared/SignOutButton';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Fact } from './Fact';
import { Time } from './Time';

interface SessionListProps {
  onSessionEnded: () => void;
  /** Signing out this browser, as the page header's "Sign out" does. */
  signingOut: boolean;
  onSignOut: () => void;
  /** A session was revoked, or all the others: the activity has news. */
  onChanged: () => void;
}

type Action = { kind: 'idle' } | { kind: 'revoking'; id: string } | { kind: 'signingOutOthers' };

/** This one first, then the most recently used. */
function byRelevance(a: Session, b: Session): number {
  return Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt);
}

/** The browsers signed in to this account, each revocable but this one, and "Sign out everywhere else". */
export function SessionList({ onSessionEnded, signingOut, onSignOut, onChanged }: SessionListProps) {
  const { resource, retry, refresh, setResource } = useAccountResource(getSessions, onSessionEnded);
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  const [status, setStatus] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const revokeButtons = useRef(new Map<string, HTMLButtonElement>());
  // Where focus goes once a revoked row has left the list: the next row's button, else the status.
  const pendingFocus = useRef<string | null>(null);

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
    setError(describeError(failure));
  };

  const revoke = async (session: Session, others: Session[]) => {
    const device = describeUserAgent(session.userAgent);
    setAction({ kind: 'revoking', id: session.id });
    setError(null);
    setStatus(`Revoking the session on ${device}…`);
    try {
      // Already ended elsewhere (404) counts as done: the refreshed list shows it gone either way.
      await revokeSession(session.id);
      const index = others.indexOf(session);
      pendingFocus.current = (others[index + 1] ?? others[index - 1])?.id ?? '';
      setResource({ kind: 'ready', data: (resource.kind === 'ready' ? resource.data : []).filter((s) => s.id !== session.id) });
      setStatus(`Session revoked: ${device}`);
      refresh();
      onChanged();
    } catch (failure) {
      fail(failure);
    } finally {
      setAction({ kind: 'idle' });
    }
  };

  const signOutEverywhereElse = async () => {
    setAction({ kind: 'signingOutOthers' });
    setError(null);
    setStatus('Signing out other sessions…');
    try {
      await signOutOthers();
      setStatus('Signed out everywhere else');
      refresh();
      onChanged();
    } catch (failure) {
      fail(failure);
    } finally {
      setAction({ kind: 'idle' });
    }
  };

  const sessions = resource.kind === 'ready' ? [...resource.data].sort(byRelevance) : [];
  const others = sessions.filter((session) => !session.current);
  const busy = action.kind !== 'idle';

  return (
    <section className="account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you’re signed in</h2>
      {/* Focus lands on the status when a revoked row leaves and no other row is left to take it. */}
      <SectionStatus news={status} resource={resource} loadingLabel="Loading sessions…" statusRef={statusRef} />
      {error ? <Alert {...error} /> : null}
      <ResourceState resource={resource} failureTitle="Your sessions could not be loaded" onRetry={retry} />
      {resource.kind === 'ready' ? (
        <>
          <ul className="item-list">
            {sessions.map((session) => {
              const device = describeUserAgent(session.userAgent);
              const revoking = action.kind === 'revoking' && action.id === session.id;
              return (
                <li key={session.id} className="item">
                  <div className="item-main">
                    <p className="item-title">
                      {device}
                      {session.current ? <span className="badge">This device</span> : null}
                    </p>
                    <dl className="facts">
                      <Fact term="IP address">{session.ipAddress ?? 'Unknown'}</Fact>
                      <Fact term="Started"><Time value={session.createdAt} /></Fact>
                      <Fact term="Last active"><Time value={session.lastSeenAt} /></Fact>
                    </dl>
                  </div>
                  <div className="item-actions">
                    {session.current ? (
                      <SignOutButton busy={signingOut} onSignOut={onSignOut} className="button button-secondary" />
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
                        className="button button-secondary"
                        aria-disabled={busy}
                        aria-busy={revoking}
                        onClick={busy ? undefined : () => void revoke(session, others)}
                      >
                        {/* The visible word first (WCAG 2.5.3), then which session, for a list of several. */}
                        {revoking ? 'Revoking…' : 'Revoke'}
                        <span className="visually-hidden">
                          {' '}
                          session on {device}, started <Time value={session.createdAt} />
                        </span>
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {others.length === 0 ? <p className="hint">You are signed in on this device only.</p> : null}
          <button
            type="button"
            className="button"
            aria-disabled={busy}
            aria-busy={action.kind === 'signingOutOthers'}
            onClick={busy ? undefined : () => void signOutEverywhereElse()}
          >
            Sign out everywhere else
          </button>
        </>
      ) : null}
    </section>
  );
}
