import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ada, fakeBackend, json, problem } from './test/fakeBackend';

vi.mock('@react-oauth/google', async () => (await import('./test/fakeGoogle')).fakeGoogleModule);

const devConfig = json({ googleClientId: null, developmentSignIn: true });
const accounts = json([
  { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
  { id: 'alan', name: 'Alan Turing', email: 'alan@example.net', emailVerified: false, hostedDomain: null, description: 'Email not verified' },
]);

function devBackend(extra: Record<string, Response | 'network-error'> = {}) {
  return fakeBackend({
    'GET /api/auth/config': devConfig,
    'GET /api/users/me': problem(401, 'Not signed in'),
    'GET /api/dev-identity/accounts': accounts,
    'POST /api/dev-identity/token': json({ credential: 'dev.header.token' }),
    'POST /api/auth/google': json(ada),
    ...extra,
  });
}

describe('development sign-in', () => {
  it('offers test accounts instead of Google’s button', async () => {
    devBackend();
    render(<App />);

    expect(await screen.findByRole('button', { name: 'Sign in with a test account' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('signs in as a chosen account through the same endpoint as Google', async () => {
    const backend = devBackend();
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    const chooser = await screen.findByRole('group', { name: 'Choose a test account' });
    await userEvent.click(within(chooser).getByRole('button', { name: 'Sign in as Ada Lovelace, ada@example.com' }));

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const mint = backend.requests.find((r) => r.path === '/api/dev-identity/token');
    expect(JSON.parse(mint?.init?.body as string)).toEqual({ accountId: 'ada' });
    expect(mint?.init?.headers).toMatchObject({ 'X-CSRF': '1' });
    const signIn = backend.requests.find((r) => r.path === '/api/auth/google');
    expect(JSON.parse(signIn?.init?.body as string)).toEqual({ idToken: 'dev.header.token' });
  });

  it('signs in as any typed email and name', async () => {
    const backend = devBackend();
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    await userEvent.type(await screen.findByLabelText('Email'), 'mary@example.org');
    await userEvent.type(screen.getByLabelText('Name'), 'Mary Somerville');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));

    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    const mint = backend.requests.find((r) => r.path === '/api/dev-identity/token');
    expect(JSON.parse(mint?.init?.body as string)).toEqual({ email: 'mary@example.org', name: 'Mary Somerville' });
  });

  it('shows why minting failed and lets the user pick again', async () => {
    const backend = devBackend({ 'POST /api/dev-identity/token': problem(404, 'Unknown test account', 'There is no test account.') });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    await userEvent.click(await screen.findByRole('button', { name: /Sign in as Alan Turing/ }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown test account');
    backend.routes['POST /api/dev-identity/token'] = json({ credential: 'dev.header.token' });
    await userEvent.click(screen.getByRole('button', { name: /Sign in as Alan Turing/ }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('stays usable when the backend refuses the minted token', async () => {
    const backend = devBackend({ 'POST /api/auth/google': problem(403, 'Account disabled', 'This account has been disabled.') });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with a test account' }));
    await userEvent.click(await screen.findByRole('button', { name: /Sign in as Ada Lovelace/ }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Account disabled');
    const ada = screen.getByRole('button', { name: /Sign in as Ada Lovelace/ });
    expect(ada).toBeEnabled();
    backend.routes['POST /api/auth/google'] = json({ id: '1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', pictureUrl: null });
    await userEvent.click(ada);
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
