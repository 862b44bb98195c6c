import { useCallback, useEffect, useState } from 'react';
import { describeError, getSignInNonce } from '../api/client';
import type { Problem } from '../api/problem';

/**
 * The server accepts a nonce for five minutes. Renewing after four leaves a minute for the user to
 * pick an account in Google's window before the nonce in the token runs out.
 */
export const nonceRenewalMs = 4 * 60 * 1000;

export type NonceState =
  | { kind: 'loading' }
  | { kind: 'ready'; nonce: string }
  | { kind: 'failed'; problem: Problem };

/**
 * A fresh single-use sign-in nonce from the backend, renewed before it expires. The backend never
 * accepts a nonce twice: `markUsed` withdraws it as soon as an attempt starts, and `renew` fetches
 * the next one if that attempt fails. Each nonce is bound to this browser by the HttpOnly pre-login
 * cookie its answer sets; every request renews that cookie with the same value, so the nonces of
 * other tabs stay good.
 */
export function useSignInNonce(): { nonce: NonceState; markUsed: () => void; renew: () => void } {
  const [nonce, setNonce] = useState<NonceState>({ kind: 'loading' });
  // Each change fetches a new nonce; the one in use stays until it arrives.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const request = new AbortController();
    let renewal: ReturnType<typeof setTimeout> | undefined;

    getSignInNonce(request.signal).then(
      (value) => {
        if (request.signal.aborted) {
          return;
        }
        setNonce({ kind: 'ready', nonce: value });
        renewal = setTimeout(() => setGeneration((n) => n + 1), nonceRenewalMs);
      },
      (error: unknown) => {
        if (!request.signal.aborted) {
          setNonce({ kind: 'failed', problem: describeError(error) });
        }
      },
    );

    return () => {
      request.abort();
      clearTimeout(renewal);
    };
  }, [generation]);

  const markUsed = useCallback(() => setNonce({ kind: 'loading' }), []);

  const renew = useCallback(() => {
    setNonce({ kind: 'loading' });
    setGeneration((n) => n + 1);
  }, []);

  return { nonce, markUsed, renew };
}
