import { useCallback, useEffect, useState } from 'react';
import { getRecentSignInUntil } from '../../api/client';

export interface RecentSignIn {
  /**
   * Whether this session still counts as a recent sign-in, so that sign-in methods can change without
   * confirming it's you first. True until the page knows otherwise: the server has the last word (403).
   */
  recent: boolean;
  /**
   * Whether the server has said this session is a recent sign-in (a `recentSignInUntil` still ahead): null
   * until GET /api/session answers, false when it is past, absent or unknown. What an address claims
   * (`?reauthenticated=`) counts only when this is true.
   */
  confirmedRecent: boolean | null;
  /** A fresh sign-in: recent again until this time (the server's `recentSignInUntil`). */
  renewed: (until: string | null) => void;
  /** The server refused a change as too long after the sign-in: no longer recent, whatever the clock said. */
  lapsed: () => void;
}

interface State {
  /** Milliseconds since the epoch; null while unknown. */
  until: number | null;
  expired: boolean;
  /** GET /api/session has answered (or failed). */
  loaded: boolean;
}

// setTimeout's longest wait (about 24 days), beyond any session's lifetime.
const longestWait = 2 ** 31 - 1;

/**
 * When this session stops counting as a recent sign-in (GET /api/session), and a timer that says so as it
 * happens: the page tells the person before they start a change that would be refused.
 */
export function useRecentSignIn(): RecentSignIn {
  const [state, setState] = useState<State>({ until: null, expired: false, loaded: false });

  useEffect(() => {
    let current = true;
    getRecentSignInUntil().then(
      (answer) => {
        const until = answer === null ? Number.NaN : Date.parse(answer);
        if (current) {
          setState(Number.isNaN(until) ? { until: null, expired: false, loaded: true } : { until, expired: until <= Date.now(), loaded: true });
        }
      },
      // Unknown, then: the server says so if a change comes too late.
      () => current && setState((now) => ({ ...now, loaded: true })),
    );
    return () => {
      current = false;
    };
  }, []);

  const { until, expired, loaded } = state;
  useEffect(() => {
    if (until === null || expired) {
      return;
    }
    const timer = setTimeout(
      () => setState((now) => (now.until === until ? { ...now, expired: true } : now)),
      Math.min(Math.max(0, until - Date.now()), longestWait),
    );
    return () => clearTimeout(timer);
  }, [until, expired]);

  const renewed = useCallback((next: string | null) => setState({ until: next === null ? null : Date.parse(next), expired: false, loaded: true }), []);
  const lapsed = useCallback(() => setState((now) => ({ ...now, expired: true })), []);

  return { recent: !expired, confirmedRecent: loaded ? until !== null && !expired : null, renewed, lapsed };
}
