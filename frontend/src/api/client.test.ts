import { describe, expect, it } from 'vitest';
import { ApiError, describeError, getCurrentUser, NetworkError, signInWithGoogle } from './client';
import { ada, fakeBackend, json, problem } from '../test/fakeBackend';

describe('api client', () => {
  it('returns null for /me when there is no session', async () => {
    fakeBackend({ 'GET /api/users/me': problem(401, 'Not signed in') });

    await expect(getCurrentUser()).resolves.toBeNull();
  });

  it('returns the user for /me when signed in', async () => {
    fakeBackend({ 'GET /api/users/me': json(ada) });

    await expect(getCurrentUser()).resolves.toEqual(ada);
  });

  it('turns ProblemDetails into an ApiError with title and detail', async () => {
    fakeBackend({ 'POST /api/auth/google': problem(403, 'Account disabled', 'This account has been disabled.') });

    const error = await signInWithGoogle('t').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, title: 'Account disabled', detail: 'This account has been disabled.' });
  });

  it('describes a non-JSON server error without crashing', async () => {
    fakeBackend({ 'POST /api/auth/google': new Response('<html>Bad gateway</html>', { status: 502 }) });

    const error = await signInWithGoogle('t').catch((e: unknown) => e);

    expect(describeError(error)).toEqual({ title: 'The server is unavailable right now', detail: null });
  });

  it('reports an unreachable server as a NetworkError', async () => {
    fakeBackend({ 'GET /api/users/me': 'network-error' });

    await expect(getCurrentUser()).rejects.toBeInstanceOf(NetworkError);
  });

  it('sends the nonce only when there is one', async () => {
    const backend = fakeBackend({ 'POST /api/auth/google': json(ada) });

    await signInWithGoogle('id-token', 'n-1');

    expect(JSON.parse(backend.requests[0]?.init?.body as string)).toEqual({ idToken: 'id-token', nonce: 'n-1' });
  });
});
