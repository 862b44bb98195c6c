import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { ada, bodyOf, claimsOf, fakeBackend, fakeIdToken, json, problem, validationProblem, brand, signedOut } from '../test/fakeBackend';
import type { FakeRequest } from '../test/fakeBackend';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

const devConfig = json({ brand, googleClientId: null, developmentSignIn: true, providers: [] });
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
    'GET /api/session': signedOut(),
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
    expect(mint?.headers.get('X-CSRF')).toBe('1');
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
    const backend = devBackend({ 'POST /api/dev-identity/token': problem(404, 'unknown_test_account', 'There is no test account.') });
    await pickTestAccount(/Sign in as Alan Turing/);

    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown test account');
    backend.routes['POST /api/dev-identity/token'] = mintToken;
    await userEvent.click(screen.getByRole('button', { name: /Sign in as Alan Turing/ }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('stays usable when the backend refuses the minted token, and the next attempt has a new nonce', async () => {
    const backend = devBackend({ 'POST /api/auth/google': problem(403, 'account_disabled', 'This account has been disabled.') });
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
    const backend = devBackend({ 'POST /api/auth/nonce': problem(429, 'rate_limited', undefined, { 'Retry-After': '5' }) });
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

  it('reports an unreachable account list, and its button, still focused, tries again', async () => {
    const backend = devBackend({ 'GET /api/dev-identity/accounts': 'network-error' });
    render(<App />);

    const open = await screen.findByRole('button', { name: 'Sign in with a test account' });
    await userEvent.click(open);
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
    expect(open).toHaveFocus();

    backend.routes['GET /api/dev-identity/accounts'] = accounts;
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('group', { name: 'Choose a test account' })).toBeInTheDocument();
  });
});

/** A reply that waits until the test gives it one: the state in between can be looked at. */
function heldReply() {
  let answer: (response: Response) => void = () => {};
  const reply = () => new Promise<Response>((resolve) => (answer = resolve));
  return { reply, answer: (response: Response) => answer(response) };
}

async function openChooser() {
  render(<App />);
  const open = await screen.findByRole('button', { name: 'Sign in with a test account' });
  await userEvent.click(open);
  return { open, chooser: await screen.findByRole('group', { name: 'Choose a test account' }) };
}

describe('development sign-in, by keyboard and screen reader', () => {
  it('keeps focus on its button while the accounts load, then moves it to the chooser’s heading and names the page after it', async () => {
    const accountList = heldReply();
    devBackend({ 'GET /api/dev-identity/accounts': accountList.reply });
    render(<App />);
    const open = await screen.findByRole('button', { name: 'Sign in with a test account' });
    expect(document.title).toBe('Sign in · GoogleLogin');

    await userEvent.click(open);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading test accounts…');
    expect(open).toHaveFocus();
    expect(open).toHaveAttribute('aria-disabled', 'true');

    accountList.answer(accounts.clone());
    expect(await screen.findByRole('heading', { name: 'Choose a test account' })).toHaveFocus();
    expect(document.title).toBe('Choose a test account · GoogleLogin');
  });

  it('Cancel closes the chooser and gives focus and the title back to the sign-in page', async () => {
    devBackend();
    const { chooser } = await openChooser();

    await userEvent.click(within(chooser).getByRole('button', { name: 'Cancel' }));

    expect(screen.getByRole('button', { name: 'Sign in with a test account' })).toHaveFocus();
    expect(document.title).toBe('Sign in · GoogleLogin');
  });

  it('Escape closes the chooser from any of its controls and returns focus to the button that opened it', async () => {
    devBackend();
    await openChooser();
    await userEvent.click(screen.getByLabelText('Name'));

    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('group', { name: 'Choose a test account' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in with a test account' })).toHaveFocus();
  });

  it('Escape leaves the chooser open while a choice is being signed in', async () => {
    const nonce = heldReply();
    const backend = devBackend({ 'POST /api/auth/nonce': nonce.reply });
    const { chooser } = await openChooser();
    const adaButton = within(chooser).getByRole('button', { name: /^Sign in as Ada Lovelace/ });
    await userEvent.click(adaButton);

    await userEvent.keyboard('{Escape}');

    expect(chooser).toBeInTheDocument();
    expect(adaButton).toHaveFocus();
    nonce.answer(backend.issueNonce());
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it.each([
    ['', 'Enter an email address.'],
    ['   ', 'Enter an email address.'],
    ['mary', 'Enter an email address such as someone@example.com.'],
    ['mary@', 'Enter an email address such as someone@example.com.'],
    ['mary @example.org', 'Enter an email address such as someone@example.com.'],
  ])('explains beside the field, which takes focus, why %j is no email, and sends nothing', async (typed, message) => {
    const backend = devBackend();
    const { chooser } = await openChooser();
    const email = within(chooser).getByLabelText('Email');
    if (typed) {
      await userEvent.type(email, typed);
    }

    await userEvent.click(within(chooser).getByRole('button', { name: 'Continue' }));

    expect(email).toHaveFocus();
    expect(email).toBeInvalid();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(message);
    expect(within(chooser).getByText(message)).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(requestsTo(backend, '/api/dev-identity/token')).toEqual([]);
    expect(backend.nonces.issued).toEqual([]);
  });

  it('takes the message away once the email is fixed, and signs in', async () => {
    devBackend();
    const { chooser } = await openChooser();
    const email = within(chooser).getByLabelText('Email');
    await userEvent.click(within(chooser).getByRole('button', { name: 'Continue' }));
    expect(email).toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(email, 'mary@example.org{Enter}');

    expect(email).not.toHaveAttribute('aria-invalid');
    expect(email).not.toHaveAccessibleDescription();
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('shows the server’s message about the email beside the field, which takes focus, instead of a generic alert', async () => {
    const message = 'Choose a test account, or type an email address such as someone@example.com.';
    const backend = devBackend({ 'POST /api/dev-identity/token': validationProblem({ email: [message] }) });
    const { chooser } = await openChooser();
    const email = within(chooser).getByLabelText('Email');

    await userEvent.type(email, 'x@y');
    await userEvent.click(within(chooser).getByRole('button', { name: 'Continue' }));

    await waitFor(() => expect(email).toHaveAccessibleDescription(message));
    expect(email).toHaveFocus();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByText('The request is invalid')).not.toBeInTheDocument();

    backend.routes['POST /api/dev-identity/token'] = mintToken;
    await userEvent.clear(email);
    await userEvent.type(email, 'mary@example.org{Enter}');
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('moves focus to the status while the sign-in is checked, and to the alert when it is refused', async () => {
    const signIn = heldReply();
    devBackend({ 'POST /api/auth/google': signIn.reply });
    const { chooser } = await openChooser();

    await userEvent.click(within(chooser).getByRole('button', { name: /^Sign in as Ada Lovelace/ }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Signing you in…');
    expect(status).toHaveFocus();
    signIn.answer(problem(403, 'account_disabled', 'This account has been disabled.'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Account disabled');
    expect(alert).toHaveFocus();
    expect(screen.getByRole('group', { name: 'Choose a test account' })).toBeVisible();
  });
});
