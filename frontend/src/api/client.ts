// The backend API, called same-origin so the HttpOnly session cookie travels with every request.
// Tokens never touch localStorage or sessionStorage: the cookie is the whole session.

import createClient from 'openapi-fetch';
import { describeCode } from './errorMessages';
import type { ErrorCode } from './errorMessages';
import { parseProblem } from './problem';
import type { ParsedProblem, Problem } from './problem';
import type { components, paths } from './schema';

// The backend's contract, generated from its OpenAPI document (see schema.ts): when the backend
// changes a DTO, the SPA's type-check says where it no longer fits.
type Schemas = components['schemas'];
export type User = Schemas['UserDto'];
export type AuthConfig = Schemas['AuthConfigResponse'];
/** What the app calls itself (the server's Brand:* settings): name, logo, terms and privacy links. */
export type Brand = Schemas['BrandResponse'];
/** Whether this browser is signed in, and as whom. */
export type SessionState = Schemas['SessionStateResponse'];
export type AuthProvider = Schemas['AuthProviderResponse'];
export type TestAccount = Schemas['TestAccountResponse'];
export type Login = Schemas['LoginDto'];
export type PendingLink = Schemas['PendingLinkDto'];
export type Session = Schemas['SessionDto'];
/** One entry of the user's security activity. `type` is one of the documented kinds, or `unknown` for one a newer server recorded. */
export type SecurityEvent = Schemas['SecurityEventDto'];
type MintTokenRequest = Schemas['MintTokenRequest'];
type AuthorizeRequest = Schemas['AuthorizeRequest'];
/** Whom the development identity provider signs a token for: a listed account, or any email. */
export type TestAccountChoice = Pick<MintTokenRequest, 'accountId'> | Pick<MintTokenRequest, 'email' | 'name'>;

/** The server answered with an error: its code says which (a ProblemDetails body when it is ours). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** The server's own detail, and the messages for each field it found wrong. */
  readonly problem: ParsedProblem;
  /** From a 429's or 503's Retry-After header: how long to wait before trying again. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: ParsedProblem, retryAfterSeconds: number | null = null) {
    super(`${status} ${problem.code}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor() {
    super('The server could not be reached.');
    this.name = 'NetworkError';
  }
}

/**
 * The API, typed by path, method and status from the generated schema (openapi-fetch). Same-origin with
 * the session cookie, and X-CSRF on every state-changing call. Pass a call to `read` for its body.
 */
export const api = createClient<paths>({
  // An absolute URL of this page's origin: same-origin all the same, and a Request outside a page
  // (the unit tests run in Node) cannot resolve a relative one.
  baseUrl: globalThis.location.origin,
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  // The fetch of the moment of the call (the unit tests stand in for it); only a server that cannot
  // be reached at all makes it throw.
  fetch: async (request) => {
    try {
      return await globalThis.fetch(request);
    } catch {
      throw new NetworkError();
    }
  },
});

// Every state-changing call carries this header; the backend refuses unsafe requests without it,
// which a cross-site form or script cannot add without a CORS preflight.
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
api.use({
  onRequest({ request }) {
    if (!safeMethods.has(request.method)) {
      request.headers.set('X-CSRF', '1');
    }
    return request;
  },
});

/** One call's outcome as openapi-fetch gives it: the parsed body of a success, or of an error answer. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful answer; an error answer throws its ApiError (with the catalogue's `code`),
 * and an unreachable server a NetworkError.
 */
export async function read<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw toApiError(response, error);
  }
  // openapi-fetch has typed the body by the path, method and status; undefined only for an empty answer.
  return data as T;
}

/** An error answer's ProblemDetails (when the body is JSON) and Retry-After as an ApiError. */
function toApiError(response: Response, body: unknown): ApiError {
  const type = response.headers.get('Content-Type') ?? '';
  // openapi-fetch parsed the body as JSON when it could, and left it as text when not.
  const problem = parseProblem(type.includes('json') ? body : null);
  return new ApiError(response.status, problem, retryAfterSeconds(response.headers.get('Retry-After')));
}

/** Retry-After is either whole seconds or an HTTP date (RFC 9110); anything else is ignored. */
function retryAfterSeconds(header: string | null): number | null {
  const value = header?.trim();
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export async function getAuthConfig(): Promise<AuthConfig> {
  return read(api.GET('/api/auth/config'));
}

/** The signed-in user, or null when there is no valid session: a 200 either way, so a signed-out page load logs no 401. */
export async function getCurrentUser(): Promise<User | null> {
  return (await read(api.GET('/api/session'))).user;
}

/** When this browser's session stops counting as a recent sign-in (null when signed out). */
export async function getRecentSignInUntil(): Promise<string | null> {
  return (await read(api.GET('/api/session'))).recentSignInUntil;
}

/**
 * Signs in again as the signed-in user with an ID token (Google's button, a test account) and its nonce:
 * the session is renewed in place and counts as a recent sign-in until the time answered. 403
 * reauthentication_mismatch when the account is not one of this user's sign-in methods (nothing changes).
 */
export async function reauthenticateWithIdToken(idToken: string, nonce: string): Promise<string | null> {
  const renewed = await read(
    api.POST('/api/auth/reauthenticate/{provider}', { params: { path: { provider: 'google' } }, body: { idToken, nonce } }),
  );
  return renewed.recentSignInUntil;
}

/**
 * Starts signing in again at a redirect provider, which asks the person to sign in afresh: resolves to the
 * provider's address to send the browser to. It comes back to `returnUrl` with `?reauthenticated=<provider>`
 * or `?reauthError=<code>`.
 */
export async function startReauthentication(provider: string, returnUrl: string): Promise<string> {
  const started = await read(
    api.POST('/api/auth/reauthenticate/{provider}/start', { params: { path: { provider } }, body: { returnUrl } }),
  );
  return started.redirectTo;
}

/**
 * A single-use nonce for the next sign-in attempt: it goes to the identity provider, which copies it
 * into the ID token, and back to the backend with that token. The backend accepts it once, within
 * five minutes, and only from this browser: the answer sets an HttpOnly pre-login cookie that the
 * sign-in must carry, so a captured token is worthless elsewhere. A POST, so it carries the CSRF header.
 */
export async function getSignInNonce(signal?: AbortSignal): Promise<string> {
  return (await read(api.POST('/api/auth/nonce', signal ? { signal } : {}))).nonce;
}

/** Hands Google's ID token and the nonce it was issued for to the backend, which sets the session cookie. */
export async function signInWithGoogle(idToken: string, nonce: string): Promise<User> {
  return read(api.POST('/api/auth/{provider}', { params: { path: { provider: 'google' } }, body: { idToken, nonce } }));
}

/** Revokes the session on the server. An already-ended session counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await read(api.POST('/api/auth/logout'));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_signed_in') {
      return;
    }
    throw error;
  }
}

/** The development identity provider's accounts (only when config.developmentSignIn). */
export async function getTestAccounts(): Promise<TestAccount[]> {
  return read(api.GET('/api/dev-identity/accounts'));
}

/** An ID token from the development identity provider, signed like Google's. */
export async function mintTestIdToken(choice: TestAccountChoice, nonce: string): Promise<string> {
  // The contract lists every field; the one not chosen goes as null.
  const body: MintTokenRequest = { accountId: null, email: null, name: null, ...choice, nonce };
  return (await read(api.POST('/api/dev-identity/token', { body }))).credential;
}

/**
 * The development identity provider's answer to the authorization request on its page (the query string
 * it was opened with) and the person's choice: where to send the browser back to, with a code, or with
 * access_denied when `choice` is 'deny'.
 */
export async function answerDevelopmentAuthorization(query: URLSearchParams, choice: TestAccountChoice | 'deny'): Promise<string> {
  const body: AuthorizeRequest = {
    responseType: query.get('response_type'),
    clientId: query.get('client_id'),
    redirectUri: query.get('redirect_uri'),
    scope: query.get('scope'),
    state: query.get('state'),
    nonce: query.get('nonce'),
    codeChallenge: query.get('code_challenge'),
    codeChallengeMethod: query.get('code_challenge_method'),
    deny: choice === 'deny',
    accountId: null,
    email: null,
    name: null,
    ...(choice === 'deny' ? {} : choice),
  };
  return (await read(api.POST('/api/dev-identity/authorize', { body }))).redirectTo;
}

/** The session behind the call is gone (signed out, revoked from another device, expired). */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'not_signed_in';
}

/** Treats 404 as done: what was to be removed is already gone. */
async function remove(call: Promise<Answer<unknown>>): Promise<void> {
  try {
    await read(call);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') {
      return;
    }
    throw error;
  }
}

/** The user's ways to sign in, one per linked provider account. */
export async function getLogins(): Promise<Login[]> {
  return read(api.GET('/api/users/me/logins'));
}

/**
 * Removes a login; the server refuses the last one with 409, and with 403 a session older than the
 * re-authentication window. Resolves to whether this session was opened through that login and so has ended.
 */
export async function unlinkLogin(id: string): Promise<boolean> {
  try {
    return (await read(api.DELETE('/api/users/me/logins/{id}', { params: { path: { id } } }))).sessionEnded;
  } catch (error) {
    // Already removed elsewhere: done, and had it ended this session the next call would say so.
    if (error instanceof ApiError && error.code === 'not_found') {
      return false;
    }
    throw error;
  }
}

/**
 * Links a Google-shaped ID token (Google's button or a test account) to the signed-in user, under the
 * same nonce rules as signing in. 403 when the session is older than the re-authentication window.
 */
export async function linkGoogleAccount(idToken: string, nonce: string): Promise<Login> {
  return read(api.POST('/api/users/me/logins/{provider}', { params: { path: { provider: 'google' } }, body: { idToken, nonce } }));
}

/** The account a redirect link holds for this session to confirm (`?pendingLink=<id>`); 404 once gone. */
export async function getPendingLink(id: string): Promise<PendingLink> {
  return read(api.GET('/api/users/me/logins/pending/{id}', { params: { path: { id } } }));
}

/** Adds the held account; 403 when the session is older than the re-authentication window. */
export async function confirmPendingLink(id: string): Promise<Login> {
  return read(api.POST('/api/users/me/logins/pending/{id}', { params: { path: { id } } }));
}

/** Forgets the held account; one already gone (expired, declined) counts as done. */
export async function declinePendingLink(id: string): Promise<void> {
  await remove(api.DELETE('/api/users/me/logins/pending/{id}', { params: { path: { id } } }));
}

/**
 * Starts linking a redirect provider's account (a same-origin POST, not a navigation another site could
 * send): resolves to the provider's address to send the browser to, which comes back to `returnUrl` (the
 * account page). 403 when the session is older than the re-authentication window.
 */
export async function startLink(provider: string, returnUrl: string): Promise<string> {
  const started = await read(api.POST('/api/users/me/logins/{provider}/start', { params: { path: { provider } }, body: { returnUrl } }));
  return started.redirectTo;
}

/** The signed-in user's active sessions, this one marked `current`. */
export async function getSessions(): Promise<Session[]> {
  return read(api.GET('/api/auth/sessions'));
}

/** Ends another of the user's sessions; one already ended counts as done. */
export async function revokeSession(id: string): Promise<void> {
  await remove(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } }));
}

/** Ends every session of the user but this browser's. */
export async function signOutOthers(): Promise<void> {
  await read(api.POST('/api/auth/logout-others'));
}

/** How many events one page of activity holds: a shorter page is the last. */
export const activityPageSize = 20;

/** A page of the user's security activity, newest first; `before` is the id of the last event shown. */
export async function getActivity(before?: number): Promise<SecurityEvent[]> {
  return read(api.GET('/api/users/me/activity', { params: { query: { limit: activityPageSize, before } } }));
}

/**
 * What to tell the user about a failed call: a title and, when there is one, an explanation. `providers`
 * (the sign-in options, and whether test accounts are among them) turn a provider the answer names into the
 * name people know it by.
 */
export function describeError(error: unknown, providers: AuthProvider[] = [], developmentSignIn = false): Problem {
  if (error instanceof ApiError) {
    return describeCode(error.code, {
      ...error.problem,
      retryAfterSeconds: error.retryAfterSeconds,
      signInWith: providerDisplayName(error.problem.signInWith, providers, developmentSignIn),
    });
  }
  if (error instanceof NetworkError) {
    // Most often the server is restarting or down: nothing the person did, nor their connection to blame.
    return { title: 'Cannot reach the server', detail: 'The server didn’t answer. Try again in a moment.' };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : null };
}

/**
 * The display name of the provider `name` routes to, or null when none of `providers` has it. Without Google's
 * button, in development, Google's route is the test accounts' (their ID tokens are Google-shaped): named so.
 */
export function providerDisplayName(name: string | null | undefined, providers: AuthProvider[], developmentSignIn = false): string | null {
  const named = providers.find((provider) => provider.name === name)?.displayName;
  return named ?? (developmentSignIn && name === 'google' ? 'a test account' : null);
}
