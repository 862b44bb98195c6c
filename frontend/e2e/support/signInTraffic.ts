import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export interface SignInBody {
  idToken: string;
  nonce: string;
}

export interface SignInTraffic {
  /** Each nonce issued by POST /api/auth/nonce, in the order the answers came. */
  issuedNonces: string[];
  /** Every answer of POST /api/auth/nonce, issued or refused, with the method and CSRF header of its request. */
  nonceResponses: { method: string; csrf: string | undefined; status: number; cacheControl: string | undefined }[];
  /** Each body posted to the development identity provider's POST /api/dev-identity/token. */
  mintRequests: Record<string, unknown>[];
  /** Each ID token that provider minted. */
  mintedTokens: string[];
  /** Each body posted to POST /api/auth/google. */
  signIns: SignInBody[];
}

/**
 * Records the page's sign-in traffic as the backend saw it. Playwright reports requests and answers
 * as events, and answer bodies are read later still, so nothing recorded is there the moment the
 * page shows a result: read it only through `settled`, which waits for the counts the test expects.
 */
export function recordSignInTraffic(page: Page) {
  const traffic: SignInTraffic = { issuedNonces: [], nonceResponses: [], mintRequests: [], mintedTokens: [], signIns: [] };
  // Bodies are read one after another, so they are recorded in the order their answers came.
  let reading = Promise.resolve();
  const readInOrder = (read: () => Promise<void>) => {
    // A body that cannot be read (the page closed) is not recorded, and `settled` says what is missing.
    reading = reading.then(() => read().catch(() => undefined));
  };

  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && path === '/api/auth/google') {
      traffic.signIns.push(request.postDataJSON() as SignInBody);
    } else if (request.method() === 'POST' && path === '/api/dev-identity/token') {
      traffic.mintRequests.push(request.postDataJSON() as Record<string, unknown>);
    }
  });

  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path === '/api/auth/nonce') {
      traffic.nonceResponses.push({
        method: response.request().method(),
        csrf: response.request().headers()['x-csrf'],
        status: response.status(),
        cacheControl: response.headers()['cache-control'],
      });
      if (response.ok()) {
        readInOrder(async () => {
          traffic.issuedNonces.push(((await response.json()) as { nonce: string }).nonce);
        });
      }
    } else if (path === '/api/dev-identity/token' && response.ok()) {
      readInOrder(async () => {
        traffic.mintedTokens.push(((await response.json()) as { credential: string }).credential);
      });
    }
  });

  return {
    /**
     * Polls until exactly `counts` of each named kind are recorded (a kind not named may have any
     * count), then returns a copy of everything recorded so far.
     */
    async settled(counts: Partial<Record<keyof SignInTraffic, number>>): Promise<SignInTraffic> {
      const kinds = Object.keys(counts) as (keyof SignInTraffic)[];
      await expect
        .poll(() => Object.fromEntries(kinds.map((kind) => [kind, traffic[kind].length])), {
          message: 'sign-in traffic recorded so far',
        })
        .toEqual(counts);
      return structuredClone(traffic);
    },
  };
}

/** The claims of a JWT, read without checking its signature (the backend did that). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) {
    throw new Error('Not a JWT: no payload.');
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
