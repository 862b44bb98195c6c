import type { Page } from '@playwright/test';

export interface SignInBody {
  idToken: string;
  nonce: string;
}

/**
 * Records the page's sign-in traffic as the backend saw it: each nonce issued by GET /api/auth/nonce,
 * each ID token minted by the development identity provider, and each body posted to
 * /api/auth/google. Responses are read asynchronously: wait with expect.poll before comparing.
 */
export function recordSignInTraffic(page: Page) {
  const traffic = {
    issuedNonces: [] as string[],
    nonceResponses: [] as { status: number; cacheControl: string | undefined }[],
    mintRequests: [] as Record<string, unknown>[],
    mintedTokens: [] as string[],
    signIns: [] as SignInBody[],
  };

  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && path === '/api/auth/google') {
      traffic.signIns.push(request.postDataJSON() as SignInBody);
    } else if (request.method() === 'POST' && path === '/api/dev-identity/token') {
      traffic.mintRequests.push(request.postDataJSON() as Record<string, unknown>);
    }
  });

  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (path === '/api/auth/nonce') {
      traffic.nonceResponses.push({ status: response.status(), cacheControl: response.headers()['cache-control'] });
      if (response.ok()) {
        traffic.issuedNonces.push(((await response.json()) as { nonce: string }).nonce);
      }
    } else if (path === '/api/dev-identity/token' && response.ok()) {
      traffic.mintedTokens.push(((await response.json()) as { credential: string }).credential);
    }
  });

  return traffic;
}

/** The claims of a JWT, read without checking its signature (the backend did that). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) {
    throw new Error('Not a JWT: no payload.');
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
