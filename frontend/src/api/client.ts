// The backend API, called same-origin so the HttpOnly session cookie travels with every request.
// Tokens never touch localStorage or sessionStorage: the cookie is the whole session.

export interface User {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  pictureUrl: string | null;
}

export interface AuthConfig {
  googleClientId: string | null;
  /** The server runs its development identity provider (Development environment only). */
  developmentSignIn: boolean;
}

export interface TestAccount {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  hostedDomain: string | null;
  description: string;
}

/** The server answered with an error (a ProblemDetails body when it is ours). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;

  constructor(status: number, title: string, detail: string | null) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor() {
    super('The server could not be reached. Check your connection and try again.');
    this.name = 'NetworkError';
  }
}

// Every state-changing call carries this header; the backend refuses unsafe requests without it,
// which a cross-site form or script cannot add without a CORS preflight.
const csrfHeader = { 'X-CSRF': '1' };

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...init.headers },
    });
  } catch {
    throw new NetworkError();
  }

  if (!response.ok) {
    throw await toApiError(response);
  }

  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as { title?: unknown; detail?: unknown };
      const title = typeof problem.title === 'string' ? problem.title : defaultTitle(response.status);
      const detail = typeof problem.detail === 'string' ? problem.detail : null;
      return new ApiError(response.status, title, detail);
    } catch {
      // Fall through to the generic message.
    }
  }

  return new ApiError(response.status, defaultTitle(response.status), null);
}

function defaultTitle(status: number): string {
  return status >= 500 ? 'The server is unavailable right now' : `The request failed (${status})`;
}

export async function getAuthConfig(): Promise<AuthConfig> {
  return (await (await send('/api/auth/config')).json()) as AuthConfig;
}

/** The signed-in user, or null when there is no valid session. */
export async function getCurrentUser(): Promise<User | null> {
  try {
    return (await (await send('/api/users/me')).json()) as User;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

/** Hands Google's ID token to the backend, which verifies it and sets the session cookie. */
export async function signInWithGoogle(idToken: string, nonce?: string): Promise<User> {
  const response = await send('/api/auth/google', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...csrfHeader },
    body: JSON.stringify(nonce ? { idToken, nonce } : { idToken }),
  });
  return (await response.json()) as User;
}

/** Revokes the session on the server. An already-ended session counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await send('/api/auth/logout', { method: 'POST', headers: csrfHeader });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return;
    }
    throw error;
  }
}

/** The development identity provider's accounts (only when config.developmentSignIn). */
export async function getTestAccounts(): Promise<TestAccount[]> {
  return (await (await send('/api/dev-identity/accounts')).json()) as TestAccount[];
}

/** An ID token from the development identity provider, signed like Google's. */
export async function mintTestIdToken(
  request: { accountId: string } | { email: string; name: string },
  nonce?: string,
): Promise<string> {
  const response = await send('/api/dev-identity/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...csrfHeader },
    body: JSON.stringify(nonce ? { ...request, nonce } : request),
  });
  return ((await response.json()) as { credential: string }).credential;
}

export function describeError(error: unknown): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    return { title: error.title, detail: error.detail };
  }
  if (error instanceof NetworkError) {
    return { title: 'Cannot reach the server', detail: error.message };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : null };
}
