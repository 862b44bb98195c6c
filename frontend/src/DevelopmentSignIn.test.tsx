import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ada, bodyOf, claimsOf, fakeBackend, fakeIdToken, json, problem } from './test/fakeBackend';
import type { FakeRequest } from './test/fakeBackend';

vi.mock('@react-oauth/google', async () => (await import('./test/fakeGoogle')).fakeGoogleModule);

const devConfig = json({ googleClientId: null, developmentSignIn: true, providers: [] });
const accounts = json([
  { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
  { id: 'alan', name: 'Alan Turing', email: 'alan@example.net', emailVerified: false, hostedDomain: null, description: 'Email not verified' },
]);

// Like the development identity provider: the token carries the nonce the mint request gave.
const mintToken = (request: FakeRequest) => {
  const { accountId, email, nonce } = bodyOf(request);
  return json({ credential: fakeIdToken({ sub: String(accountId ?? email), nonce: nonce as string }) });
};

function devBackend(extra: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({
    'GET /api/auth/config': devConfig,
    'GET /api/users/me': problem(401, 'Not signed in'),
    'GET /api/dev-identity/accounts': accounts,
    'POST /api/dev-identity/token': mintToken,
    'POST /api/auth/google': json(ada),
    ...extra,
  });
}

function requestsTo(backend: ReturnType<typeof fakeBackend>, path: string) {
  return backend.requests.filter((r) => r.path === path);
}

/** Renders the app and picks a test account from the chooser, as a user does. */
async function pickTestAccount(name: RegExp) {
  render(<App />);
  await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
  await userEvent.click(await screen.findByRole('button', { name }));
}

describe('development sign-in', () => {
  it('offers test accounts instead of Google’s button', async () => {
    devBackend();
    render(<App />);

    expect(await screen.findByRole('button', { name: 'Sign in with a test account' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('signs in as a chosen account with a fresh nonce, through the same endpoint as Google', async () => {
    const backend = devBackend();
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    const chooser = await screen.findByRole('group', { name: 'Choose a test account' });
    expect(backend.nonces.issued).toEqual([]);
    await userEvent.click(within(chooser).getByRole('button', { name: /^Sign in as Ada Lovelace/ }));

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const [nonce] = backend.nonces.issued;
    expect(backend.nonces.issued).toHaveLength(1);
    expect(backend.requests.map((r) => `${r.method} ${r.path}`).slice(-3)).toEqual([
      'POST /api/auth/nonce',
      'POST /api/dev-identity/token',
      'POST /api/auth/google',
    ]);
    const [mint] = requestsTo(backend, '/api/dev-identity/token');
    expect(bodyOf(mint)).toEqual({ accountId: 'ada', email: null, name: null, nonce });
    expect(mint?.init?.headers).toMatchObject({ 'X-CSRF': '1' });
    const [signIn] = requestsTo(backend, '/api/auth/google');
    expect(bodyOf(signIn)).toEqual({ idToken: expect.any(String), nonce });
    expect(claimsOf(bodyOf(signIn).idToken)).toEqual({ sub: 'ada', nonce });
  });

  it('signs in as any typed email and name', async () => {
    const backend = devBackend();
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    await userEvent.type(await screen.findByLabelText('Email'), 'mary@example.org');
    await userEvent.type(screen.getByLabelText('Name'), 'Mary Somerville');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));

    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    const [mint] = requestsTo(backend, '/api/dev-identity/token');
    expect(bodyOf(mint)).toEqual({ accountId: null, email: 'mary@example.org', name: 'Mary Somerville', nonce: backend.nonces.issued[0] });
    expect(bodyOf(requestsTo(backend, '/api/auth/google')[0]).nonce).toBe(backend.nonces.issued[0]);
  });

  it('reads out each account’s visible text as its name, the note included', async () => {
    devBackend();
    render(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));

    expect(await screen.findByRole('button', { name: 'Sign in as Alan Turing alan@example.net Email not verified' })).toBeInTheDocument();
  });

  it('shows why minting failed and lets the user pick again', async () => {
    const backend = devBackend({ 'POST /api/dev-identity/token': problem(404, 'Unknown test account', 'There is no test account.') });
    await pickTestAccount(/Sign in as Alan Turing/);

    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown test account');
    backend.routes['POST /api/dev-identity/token'] = mintToken;
    await userEvent.click(screen.getByRole('button', { name: /Sign in as Alan Turing/ }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('stays usable when the backend refuses the minted token, and the next attempt has a new nonce', async () => {
    const backend = devBackend({ 'POST /api/auth/google': problem(403, 'Account disabled', 'This account has been disabled.') });
    await pickTestAccount(/Sign in as Ada Lovelace/);

    expect(await screen.findByRole('alert')).toHaveTextContent('Account disabled');
    const ada = screen.getByRole('button', { name: /Sign in as Ada Lovelace/ });
    expect(ada).toBeEnabled();
    backend.routes['POST /api/auth/google'] = json({ id: '1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', pictureUrl: null });
    await userEvent.click(ada);
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const [first, second] = backend.nonces.issued;
    expect(first).not.toBe(second);
    expect(requestsTo(backend, '/api/dev-identity/token').map((r) => bodyOf(r).nonce)).toEqual([first, second]);
    expect(requestsTo(backend, '/api/auth/google').map((r) => bodyOf(r).nonce)).toEqual([first, second]);
  });

  it('reports a nonce that cannot be fetched, mints nothing, and lets the user pick again', async () => {
    const backend = devBackend({ 'POST /api/auth/nonce': problem(429, 'Too Many Requests', undefined, { 'Retry-After': '5' }) });
    await pickTestAccount(/Sign in as Ada Lovelace/);

    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 5 seconds.');
    expect(requestsTo(backend, '/api/dev-identity/token')).toEqual([]);
    backend.routes['POST /api/auth/nonce'] = backend.issueNonce;
    await userEvent.click(screen.getByRole('button', { name: /Sign in as Ada Lovelace/ }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('can be cancelled back to the start', async () => {
    devBackend();
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(screen.getByRole('button', { name: 'Sign in with a test account' })).toBeInTheDocument();
  });

  it('reports an unreachable account list with a retry', async () => {
    const backend = devBackend({ 'GET /api/dev-identity/accounts': 'network-error' });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');

    backend.routes['GET /api/dev-identity/accounts'] = accounts;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('group', { name: 'Choose a test account' })).toBeInTheDocument();
  });
});
