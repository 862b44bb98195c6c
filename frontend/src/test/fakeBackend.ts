import { vi } from 'vitest';
import type { Brand, Login, SecurityEvent, Session, User } from '../api/client';
import type { ErrorCode } from '../api/errorMessages';
import type { ProblemDetails, ValidationProblemDetails } from '../api/problem';

export const ada: User = {
  id: '0196b7a2-0000-7000-8000-000000000001',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  pictureUrl: 'https://lh3.googleusercontent.com/a/ada',
};

/** The brand a server with the default Brand:* settings sends. */
export const brand: Brand = { name: 'GoogleLogin', logoUrl: null, termsUrl: null, privacyUrl: null };

/** GET /api/session's answer for a browser without a session. */
export function signedOut(): Response {
  return json({ signedIn: false, user: null });
}

/** GET /api/session's answer for a browser signed in as `user`. */
export function signedInAs(user: User): Response {
  return json({ signedIn: true, user });
}

/** A request the app made, as the fake backend saw it. */
export interface FakeRequest {
  method: string;
  /** The path and query string, as the routes name them: `/api/users/me/activity?limit=20`. */
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  /** The body as sent, or null when there is none. */
  body: string | null;
}

type Reply = Response | ((request: FakeRequest) => Response | Promise<Response>) | 'network-error';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** An error answer as the backend gives it: the status, the code, and the server's own detail if any. */
export function problem(status: number, code: ErrorCode, detail?: string, headers: Record<string, string> = {}): Response {
  const body: ProblemDetails = { status, code, title: `The server's title for ${code}`, detail };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** A 400 like ASP.NET Core's ValidationProblem: the code, and messages by field name. */
export function validationProblem(errors: Record<string, string[]>): Response {
  const body: ValidationProblemDetails = { status: 400, code: 'validation_failed', title: 'The request is invalid', errors };
  return new Response(JSON.stringify(body), { status: 400, headers: { 'Content-Type': 'application/problem+json' } });
}

/** The JSON body of a recorded request. */
export function bodyOf(request: FakeRequest | undefined): Record<string, unknown> {
  return JSON.parse(request?.body ?? '') as Record<string, unknown>;
}

/**
 * What a call to fetch asks for, whether it passes a Request (as openapi-fetch does) or a URL and its
 * init. A URL of this page's origin is recorded by its path and query, as the app's requests are.
 */
async function toFakeRequest(input: RequestInfo | URL, init: RequestInit | undefined): Promise<FakeRequest> {
  const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), location.href), init);
  const url = new URL(request.url);
  const body = request.body === null ? null : await request.text();
  return {
    method: request.method,
    path: url.origin === location.origin ? `${url.pathname}${url.search}` : url.href,
    headers: request.headers,
    credentials: request.credentials,
    body,
  };
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A JWT-shaped stand-in for an ID token. It is not signed: the fake backend only reads its claims. */
export function fakeIdToken(claims: { sub: string; nonce?: string }): string {
  return `${base64url(JSON.stringify({ alg: 'none' }))}.${base64url(JSON.stringify(claims))}.fake-signature`;
}

/** The claims of a token made by fakeIdToken, or null for anything else. */
export function claimsOf(idToken: unknown): { sub?: unknown; nonce?: unknown } | null {
  const payload = typeof idToken === 'string' ? idToken.split('.')[1] : undefined;
  if (!payload) {
    return null;
  }
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; nonce?: unknown };
  } catch {
    return null;
  }
}

const notAccepted = () => problem(401, 'token_rejected', 'The sign-in was not accepted.');

/**
 * Stands in for the backend at the fetch boundary: each "METHOD /path" answers with the reply
 * registered for it, and every request is recorded for assertions.
 *
 * Like the real backend, it issues sign-in nonces at POST /api/auth/nonce (only with the CSRF header) and lets a POST to
 * /api/auth/google (a sign-in) or /api/users/me/logins/google (a link) through to its registered reply only when
 * the body's nonce was issued, is not yet used and is the nonce inside the ID token; it uses up the nonce either way.
 */
function hasCsrfHeader(request: FakeRequest): boolean {
  return request.headers.get('X-CSRF') === '1';
}

export function fakeBackend(routes: Record<string, Reply>) {
  const requests: FakeRequest[] = [];
  const nonces = { issued: [] as string[], used: new Set<string>() };

  // 43 characters, like the base64url of the real backend's 32 random bytes.
  const issueNonce = () => {
    const nonce = `nonce${String(nonces.issued.length + 1).padStart(38, '0')}`;
    nonces.issued.push(nonce);
    return json({ nonce }, 200, { 'Cache-Control': 'no-store' });
  };

  const useNonce = (request: FakeRequest): boolean => {
    const { idToken, nonce } = bodyOf(request);
    if (typeof nonce !== 'string' || !nonces.issued.includes(nonce) || nonces.used.has(nonce)) {
      return false;
    }
    nonces.used.add(nonce);
    return claimsOf(idToken)?.nonce === nonce;
  };

  const allRoutes: Record<string, Reply> = { 'POST /api/auth/nonce': issueNonce, ...routes };
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = await toFakeRequest(input, init);
    const { method, path } = request;
    requests.push(request);
    const reply = allRoutes[`${method} ${path}`];
    if (reply === undefined) {
      return problem(404, 'not_found');
    }
    if (reply === 'network-error') {
      throw new TypeError('Failed to fetch');
    }
    if (`${method} ${path}` === 'POST /api/auth/nonce' && !hasCsrfHeader(request)) {
      return problem(403, 'csrf_rejected');
    }
    if (['POST /api/auth/google', 'POST /api/users/me/logins/google'].includes(`${method} ${path}`) && !useNonce(request)) {
      return notAccepted();
    }
    return typeof reply === 'function' ? reply(request) : reply.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return { routes: allRoutes, requests, nonces, issueNonce };
}

// Real browsers' User-Agent headers, for the sessions and the activity.
export const userAgents = {
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
};

export function login(overrides: Partial<Login> = {}): Login {
  return {
    id: '0196b7a2-1111-7000-8000-000000000001',
    provider: 'google',
    displayName: 'Google',
    email: 'ada@example.com',
    linkedAt: '2025-01-02T09:00:00Z',
    lastUsedAt: '2025-03-04T10:30:00Z',
    ...overrides,
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: '0196b7a2-2222-7000-8000-000000000001',
    createdAt: '2025-03-04T10:30:00Z',
    lastSeenAt: '2025-03-04T11:00:00Z',
    expiresAt: '2025-03-18T10:30:00Z',
    userAgent: userAgents.firefoxLinux,
    ipAddress: '203.0.113.7',
    current: true,
    provider: 'google',
    providerDisplayName: 'Google',
    accountEmail: 'ada@example.com',
    ...overrides,
  };
}

export function securityEvent(id: number, overrides: Partial<SecurityEvent> = {}): SecurityEvent {
  return {
    id,
    occurredAt: '2025-03-04T10:30:00Z',
    type: 'signed_in',
    provider: 'google',
    providerDisplayName: 'Google',
    accountEmail: 'ada@example.com',
    ipAddress: '203.0.113.7',
    userAgent: userAgents.firefoxLinux,
    ...overrides,
  };
}

/** The first page of activity, as GET /api/users/me/activity?limit=20 asks for it. */
export const activityPath = '/api/users/me/activity?limit=20';

/**
 * A signed-in Ada's account: two logins (Google and a second test account), this Firefox session and
 * a Chrome one elsewhere, and a short activity, on a development server (test accounts can be linked).
 */
export function accountRoutes(): Record<string, Reply> {
  return {
    'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: true, providers: [] }),
    'GET /api/session': signedInAs(ada),
    'GET /api/users/me/logins': json([
      login(),
      login({ id: '0196b7a2-1111-7000-8000-000000000002', email: 'ada.work@example.org', lastUsedAt: '2025-02-01T08:00:00Z' }),
    ]),
    'GET /api/auth/sessions': json([
      session(),
      session({ id: '0196b7a2-2222-7000-8000-000000000002', current: false, userAgent: userAgents.chromeWindows, ipAddress: '198.51.100.4' }),
    ]),
    [`GET ${activityPath}`]: json([
      securityEvent(3, { type: 'login_linked' }),
      securityEvent(2, { type: 'session_revoked', provider: null, providerDisplayName: null, userAgent: userAgents.chromeWindows }),
      securityEvent(1),
    ]),
  };
}
