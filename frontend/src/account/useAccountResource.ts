import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, isSessionEnded } from '../api/client';
import type { Problem } from '../api/problem';

export type Resource<T> =
  | { kind: 'loading'; takesFocus: boolean }
  | { kind: 'failed'; problem: Problem; takesFocus: boolean }
  | { kind: 'ready'; data: T };

/**
 * One section's data on the account page, loaded on mount. `retry` shows the wait again (after a
 * failure); `refresh` reloads quietly, keeping what is shown until the answer comes. `takesFocus` says the
 * wait or the failure replaces what the user was on, so it should take focus. A 401 means the
 * session ended elsewhere: the section hands that to `onSessionEnded` instead of showing it.
 */
export function useAccountResource<T>(load: () => Promise<T>, onSessionEnded: () => void) {
  const [resource, setResource] = useState<Resource<T>>({ kind: 'loading', takesFocus: false });
  const [generation, setGeneration] = useState(0);
  // Read when an answer comes, so a new callback from the parent does not reload the section.
  const sessionEnded = useRef(onSessionEnded);
  useEffect(() => {
    sessionEnded.current = onSessionEnded;
  }, [onSessionEnded]);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) {
          setResource({ kind: 'ready', data });
        }
      },
      (error: unknown) => {
        if (!current) {
          return;
        }
        if (isSessionEnded(error)) {
          sessionEnded.current();
        } else {
          setResource((previous) => ({ kind: 'failed', problem: describeError(error), takesFocus: previous.kind === 'ready' || previous.takesFocus }));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [load, generation]);

  const retry = useCallback(() => {
    setResource({ kind: 'loading', takesFocus: true });
    setGeneration((n) => n + 1);
  }, []);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  return { resource, retry, refresh, setResource };
}
