import { describe, expect, it, vi } from 'vitest';
import { ApiError, describeError, getCurrentUser, getSignInNonce, NetworkError, signInWithGoogle } from './client';
import { ada, bodyOf, fakeBackend, fakeIdToken, json, problem, validationProblem, signedInAs, signedOut } from '../test/fakeBackend';

/** One sign-in attempt as the app makes it: a fresh nonce, a token that carries it, both posted. */
async function signInWithFreshNonce() {
  const nonce = await getSignInNonce();
  return signInWithGoogle(fakeIdToken({ sub: 'google-ada', nonce }), nonce);
}

describe('api client', () => {
  it('returns null for /me when there is no session', async () => {
    fakeBackend({ 'GET /api/session': signedOut() });

    await expect(getCurrentUser()).resolves.toBeNull();
  });

  it('returns the user for /me when signed in', async () => {
    fakeBackend({ 'GET /api/session': signedInAs(ada) });

    await expect(getCurrentUser()).resolves.toEqual(ada);
  });

  it('fetches a sign-in nonce with a POST that carries the cookie and the CSRF header', async () => {
    const backend = fakeBackend({});

    const nonce = await getSignInNonce();

    expect(nonce).toBe(backend.nonces.issued[0]);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(backend.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/auth/nonce',
      credentials: 'same-origin',
    });
    expect(backend.requests[0]?.headers.get('X-CSRF')).toBe('1');
  });

  it('posts the ID token with the nonce', async () => {
    const backend = fakeBackend({ 'POST /api/auth/google': json(ada) });

    await expect(signInWithFreshNonce()).resolves.toEqual(ada);

    expect(bodyOf(backend.requests[1])).toEqual({ idToken: expect.any(String), nonce: backend.nonces.issued[0] });
  });

  it('is refused by the fake backend, as by the real one, when a nonce is used twice', async () => {
    fakeBackend({ 'POST /api/auth/google': json(ada) });
    const nonce = await getSignInNonce();
    const idToken = fakeIdToken({ sub: 'google-ada', nonce });

    await expect(signInWithGoogle(idToken, nonce)).resolves.toEqual(ada);
    await expect(signInWithGoogle(idToken, nonce)).rejects.toMatchObject({ status: 401, code: 'token_rejected' });
  });

  it('turns ProblemDetails into an ApiError with its code and detail', async () => {
    fakeBackend({ 'POST /api/auth/google': problem(403, 'account_disabled', 'This account has been disabled.') });

    const error = await signInWithFreshNonce().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'account_disabled', problem: { detail: 'This account has been disabled.' } });
    expect(describeError(error)).toEqual({ title: 'Account disabled', detail: 'This account has been disabled.' });
  });

  it('keeps the messages a validation problem gives for each field', async () => {
    fakeBackend({ 'POST /api/auth/google': validationProblem({ idToken: ['The ID token is missing.'] }) });

    const error = await signInWithFreshNonce().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 400, code: 'validation_failed', problem: { fieldErrors: { idToken: ['The ID token is missing.'] } } });
    expect(describeError(error)).toMatchObject({ fieldErrors: { idToken: ['The ID token is missing.'] } });
  });

  it('keeps only the text of a JSON error body that is not a ProblemDetails', async () => {
    fakeBackend({ 'POST /api/auth/google': json({ code: 'no_such_code', title: 42, detail: ['not', 'text'], errors: { nonce: 'not a list', idToken: [7] } }, 400) });

    const error = await signInWithFreshNonce().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 400 });
    expect((error as ApiError).problem).toEqual({ code: 'unexpected', detail: null });
  });

  it('describes a non-JSON server error without crashing', async () => {
    fakeBackend({ 'POST /api/auth/google': new Response('<html>Bad gateway</html>', { status: 502 }) });

    const error = await signInWithFreshNonce().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, code: 'unexpected' });
    expect(describeError(error)).toEqual({ title: 'Something went wrong', detail: 'The server couldn’t complete the request. Try again in a moment.' });
  });

  it('reports an unreachable server as a NetworkError', async () => {
    fakeBackend({ 'GET /api/session': 'network-error' });

    await expect(getCurrentUser()).rejects.toBeInstanceOf(NetworkError);
  });

  it('reports a failed nonce request like any other call', async () => {
    fakeBackend({ 'POST /api/auth/nonce': problem(503, 'unexpected') });

    await expect(getSignInNonce()).rejects.toMatchObject({ status: 503 });
  });
});

describe('describeError', () => {
  it('names the provider an email already registered signs in with, by the name the sign-in page gives it', () => {
    const error = new ApiError(409, { code: 'email_conflict', detail: 'The server’s own words.', signInWith: 'acme' });
    const providers = [{ name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' as const }];

    expect(describeError(error, providers)).toEqual({
      title: 'This email is already registered',
      detail: 'This email address belongs to an account that signs in with Acme SSO. Sign in with Acme SSO, then add this sign-in method from your account page.',
    });
  });

  it('reads signInWith from the answer’s body', async () => {
    fakeBackend({
      'POST /api/auth/google': json({ status: 409, code: 'email_conflict', title: 'Email already registered', signInWith: 'acme' }, 409, { 'Content-Type': 'application/problem+json' }),
    });

    await expect(signInWithFreshNonce()).rejects.toMatchObject({ problem: { code: 'email_conflict', signInWith: 'acme' } });
  });

  it('says the server cannot be reached without blaming the connection', () => {
    expect(describeError(new NetworkError())).toEqual({ title: 'Cannot reach the server', detail: 'The server didn’t answer. Try again in a moment.' });
  });

  it('still explains a 409 that has no detail', () => {
    expect(describeError(new ApiError(409, { code: 'email_conflict', detail: null })).detail).toMatch(/belongs to another account here/);
  });

  it('says how long to wait from Retry-After in seconds', async () => {
    fakeBackend({ 'POST /api/auth/nonce': problem(429, 'rate_limited', undefined, { 'Retry-After': '17' }) });

    const error = await getSignInNonce().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 17 });
    expect(describeError(error)).toEqual({ title: 'Too many sign-in attempts', detail: 'Try again in 17 seconds.' });
  });

  it('reads a Retry-After date, and rounds long waits up to minutes', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T10:00:00Z') });
    try {
      fakeBackend({
        'POST /api/auth/nonce': problem(429, 'rate_limited', undefined, { 'Retry-After': 'Tue, 01 Jan 2030 10:02:30 GMT' }),
      });

      const error = await getSignInNonce().catch((e: unknown) => e);

      expect(error).toMatchObject({ retryAfterSeconds: 150 });
      expect(describeError(error).detail).toBe('Try again in 3 minutes.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for a moment when a 429 says nothing about when', () => {
    expect(describeError(new ApiError(429, { code: 'rate_limited', detail: null })).detail).toBe('Too many attempts came from your network. Wait a minute, then try again.');
  });

  it('gives a plain message for a body the server found too large', () => {
    expect(describeError(new ApiError(413, { code: 'body_too_large', detail: null }))).toEqual({
      title: 'The request was too large',
      detail: 'Reload the page and try again.',
    });
  });
});
