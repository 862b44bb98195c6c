import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevelopmentAuthorizePage } from './DevelopmentAuthorizePage';
import { bodyOf, fakeBackend, json, problem, validationProblem } from '../test/fakeBackend';

const accounts = json([
  { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
]);

// What the app's /api/auth/development/start sends the browser to.
const authorizationRequest = new URLSearchParams({
  response_type: 'code',
  client_id: 'googlelogin-development-redirect',
  redirect_uri: 'http://localhost:5080/api/auth/development/callback',
  scope: 'openid email profile',
  state: 'state-1',
  nonce: 'nonce-1',
  code_challenge: 'c'.repeat(43),
  code_challenge_method: 'S256',
});

const backTo = 'http://localhost:5080/api/auth/development/callback?code=abc&state=state-1';

function openPage() {
  window.history.replaceState(null, '', `/dev-identity/authorize?${authorizationRequest.toString()}`);
  const navigate = vi.fn();
  render(<DevelopmentAuthorizePage navigate={navigate} />);
  return navigate;
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('the development provider’s authorization page', () => {
  it('names the app asking, and sends the browser back with the approval of the chosen account', async () => {
    const backend = fakeBackend({ 'GET /api/dev-identity/accounts': accounts, 'POST /api/dev-identity/authorize': json({ redirectTo: backTo }) });
    const navigate = openPage();

    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();
    expect(document.title).toBe('Sign in · Development identity provider');
    expect(await screen.findByText('googlelogin-development-redirect')).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: /^Sign in as Ada Lovelace/ }));

    expect(navigate).toHaveBeenCalledWith(backTo);
    const request = backend.requests.find((r) => r.path === '/api/dev-identity/authorize');
    expect(request?.headers.get('X-CSRF')).toBe('1');
    expect(bodyOf(request)).toEqual({
      responseType: 'code',
      clientId: 'googlelogin-development-redirect',
      redirectUri: 'http://localhost:5080/api/auth/development/callback',
      scope: 'openid email profile',
      state: 'state-1',
      nonce: 'nonce-1',
      codeChallenge: 'c'.repeat(43),
      codeChallengeMethod: 'S256',
      deny: false,
      accountId: 'ada',
      email: null,
      name: null,
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Returning to the app…');
  });

  it('signs in as a typed-in email', async () => {
    const backend = fakeBackend({ 'GET /api/dev-identity/accounts': accounts, 'POST /api/dev-identity/authorize': json({ redirectTo: backTo }) });
    const navigate = openPage();

    await userEvent.type(await screen.findByLabelText('Email'), 'grace@example.org');
    await userEvent.type(screen.getByLabelText('Name'), 'Grace Hopper');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect(navigate).toHaveBeenCalledWith(backTo);
    const body = bodyOf(backend.requests.find((r) => r.path === '/api/dev-identity/authorize'));
    expect(body).toMatchObject({ accountId: null, email: 'grace@example.org', name: 'Grace Hopper', deny: false });
  });

  it('sends the browser back with a refusal when the person cancels', async () => {
    const denied = 'http://localhost:5080/api/auth/development/callback?error=access_denied&state=state-1';
    const backend = fakeBackend({ 'GET /api/dev-identity/accounts': accounts, 'POST /api/dev-identity/authorize': json({ redirectTo: denied }) });
    const navigate = openPage();

    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(navigate).toHaveBeenCalledWith(denied);
    expect(bodyOf(backend.requests.find((r) => r.path === '/api/dev-identity/authorize'))).toMatchObject({ deny: true, accountId: null });
  });

  it('stays, and says why, when the provider refuses the request', async () => {
    fakeBackend({
      'GET /api/dev-identity/accounts': accounts,
      'POST /api/dev-identity/authorize': problem(400, 'invalid_authorization_request', 'The redirect URI must be this app’s callback.'),
    });
    const navigate = openPage();

    await userEvent.click(await screen.findByRole('button', { name: /^Sign in as Ada Lovelace/ }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The sign-in request is invalid');
    expect(alert).toHaveTextContent('The redirect URI must be this app’s callback.');
    expect(navigate).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /^Sign in as Ada Lovelace/ })).toBeEnabled();
  });

  it('shows the provider’s message about a typed-in email beside the field, which takes focus', async () => {
    const message = 'Choose a test account, or type an email address such as someone@example.com.';
    fakeBackend({ 'GET /api/dev-identity/accounts': accounts, 'POST /api/dev-identity/authorize': validationProblem({ email: [message] }) });
    const navigate = openPage();
    const email = await screen.findByLabelText('Email');

    await userEvent.type(email, 'x@y{Enter}');

    await waitFor(() => expect(email).toHaveAccessibleDescription(message));
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('keeps focus on its own heading when the accounts appear, and Escape does not refuse the app', async () => {
    const backend = fakeBackend({ 'GET /api/dev-identity/accounts': accounts });
    const navigate = openPage();
    await screen.findByRole('button', { name: /^Sign in as Ada Lovelace/ });

    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();
    await userEvent.click(screen.getByLabelText('Email'));
    await userEvent.keyboard('{Escape}');

    expect(screen.getByRole('group', { name: 'Choose a test account' })).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.path === '/api/dev-identity/authorize')).toEqual([]);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('explains when the test accounts cannot be loaded', async () => {
    fakeBackend({ 'GET /api/dev-identity/accounts': 'network-error' });
    openPage();

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('says so where the provider does not run, without naming the client the address claims', async () => {
    fakeBackend({ 'GET /api/dev-identity/accounts': problem(404, 'not_found') });
    openPage();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The development identity provider is not available here');
    expect(screen.getByRole('link', { name: 'Go to the start page' })).toHaveAttribute('href', '/');
    expect(screen.queryByText('googlelogin-development-redirect')).not.toBeInTheDocument();
  });

  it('keeps focus on the chosen account while the choice is sent, and sends it once', async () => {
    let answer: (response: Response) => void = () => {};
    const backend = fakeBackend({
      'GET /api/dev-identity/accounts': accounts,
      'POST /api/dev-identity/authorize': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    openPage();

    const ada = await screen.findByRole('button', { name: /^Sign in as Ada Lovelace/ });
    await userEvent.click(ada);
    await userEvent.click(ada);

    expect(ada).toHaveFocus();
    expect(ada).toHaveAttribute('aria-disabled', 'true');
    expect(backend.requests.filter((r) => r.path === '/api/dev-identity/authorize')).toHaveLength(1);
    answer(json({ redirectTo: backTo }));
    expect(await screen.findByRole('status')).toHaveTextContent('Returning to the app…');
  });
});
