import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import {
  accountRoutes,
  ada,
  bodyOf,
  brand,
  fakeBackend,
  fakeIdToken,
  json,
  login,
  minutesFromNow,
  problem,
  signedInAs,
} from '../../test/fakeBackend';
import type { FakeRequest } from '../../test/fakeBackend';
import { fakeGoogle } from '../../test/fakeGoogle';
import { goTo } from '../../shared/navigation';

vi.mock('@react-oauth/google', async () => (await import('../../test/fakeGoogle')).fakeGoogleModule);
// jsdom cannot leave for a provider: the tests see where the page would go.
vi.mock('../../shared/navigation', () => ({ goTo: vi.fn() }));

const adaLoginId = '0196b7a2-1111-7000-8000-000000000001';
const workLoginId = '0196b7a2-1111-7000-8000-000000000002';
const reauthenticatePath = '/api/auth/reauthenticate/google';

const testAccounts = json([
  { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
  { id: 'grace', name: 'Grace Hopper', email: 'grace@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
]);

// Like the development identity provider: the token carries the nonce the mint request gave.
const mintToken = (request: FakeRequest) => {
  const { accountId, email, nonce } = bodyOf(request);
  return json({ credential: fakeIdToken({ sub: String(accountId ?? email), nonce: nonce as string }) });
};

/** The server's answer to a fresh sign-in with a token: Ada's, renewed for ten minutes; anyone else's, refused. */
const reauthenticate = (request: FakeRequest) => {
  const { idToken } = bodyOf(request);
  const sub = JSON.parse(atob(String(idToken).split('.')[1] ?? '')) as { sub: string };
  return sub.sub === 'ada'
    ? json({ signedIn: true, user: ada, recentSignInUntil: minutesFromNow(10) })
    : problem(403, 'reauthentication_mismatch');
};

/** Ada's account (two Google logins), signed in `minutesAgo` minutes ago with a ten-minute window. */
function backendSignedIn(minutesAgo: number, extra: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({
    ...accountRoutes(),
    'GET /api/session': signedInAs(ada, minutesFromNow(10 - minutesAgo)),
    'GET /api/dev-identity/accounts': testAccounts,
    'POST /api/dev-identity/token': mintToken,
    'POST /api/auth/logout': new Response(null, { status: 204 }),
    [`POST ${reauthenticatePath}`]: reauthenticate,
    ...extra,
  });
}

const acmeConfig = json({
  brand,
  googleClientId: null,
  developmentSignIn: false,
  reauthenticationWindowMinutes: 10,
  providers: [
    { name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' },
    { name: 'dev', displayName: 'the development provider', signIn: 'redirect' },
  ],
});
const acmeLogins = json([
  login({ id: adaLoginId, provider: 'acme', displayName: 'Acme SSO', email: 'ada@acme.example' }),
  login({ id: workLoginId, provider: 'dev', displayName: 'the development provider', email: 'ada@dev.example' }),
]);

async function openAccountPage(address = '/account') {
  window.history.replaceState(null, '', address);
  render(<App />);
  await screen.findByRole('heading', { level: 1, name: 'Account' });
  return screen.getByRole('region', { name: 'Sign-in methods' });
}

function requestsTo(backend: ReturnType<typeof fakeBackend>, method: string, path: string) {
  return backend.requests.filter((r) => r.method === method && r.path === path);
}

/** Confirms it's you in the open panel as the test account `name`. */
async function confirmWithTestAccount(logins: HTMLElement, name: string) {
  const panel = within(logins).getByRole('group', { name: 'Confirm it’s you' });
  await userEvent.click(within(panel).getByRole('button', { name: 'Confirm with a test account' }));
  await userEvent.click(await within(panel).findByRole('button', { name: new RegExp(`^Sign in as ${name}`) }));
}

beforeEach(() => {
  fakeGoogle.reset();
  vi.mocked(goTo).mockClear();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('Sign-in methods', () => {
  it('titles each method by provider and account, capitalised, so two of one provider are told apart', async () => {
    backendSignedIn(1, { 'GET /api/auth/config': acmeConfig, 'GET /api/users/me/logins': acmeLogins });
    const logins = await openAccountPage();

    const titles = await within(logins).findAllByText((_, element) => element?.classList.contains('login-title') ?? false);
    expect(titles.map((title) => title.textContent)).toEqual(['Acme SSO · ada@acme.example', 'The development provider · ada@dev.example']);
    expect(within(logins).getByRole('button', { name: 'Unlink the development provider ada@dev.example' })).toBeInTheDocument();
  });

  it('shows a success as success, in the section’s one polite status', async () => {
    backendSignedIn(1, { [`DELETE /api/users/me/logins/${adaLoginId}`]: json({ sessionEnded: false }) });
    const logins = await openAccountPage();

    await userEvent.click(await within(logins).findByRole('button', { name: 'Unlink Google ada@example.com' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Unlink Google · ada@example.com?' })).getByRole('button', { name: 'Unlink' }));

    const status = await within(logins).findByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Unlinked: Google · ada@example.com'));
    expect(status).toHaveClass('section-status-done');
    expect(within(logins).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks before unlinking; Escape cancels, nothing is unlinked and focus is back on Unlink', async () => {
    const backend = backendSignedIn(1);
    const logins = await openAccountPage();
    const unlink = await within(logins).findByRole('button', { name: 'Unlink Google ada.work@example.org' });

    await userEvent.click(unlink);
    const dialog = screen.getByRole('dialog', { name: 'Unlink Google · ada.work@example.org?' });
    expect(dialog).toHaveAccessibleDescription('You won’t be able to sign in with it any more.');
    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(unlink).toHaveFocus();
    expect(backend.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});

describe('Confirming it’s you in place', () => {
  it('says so before a change starts when the sign-in is no longer recent, and starts nothing', async () => {
    const backend = backendSignedIn(11);
    const logins = await openAccountPage();

    const rule = 'Adding or removing a sign-in method needs a sign-in from the last 10 minutes.';
    expect(await within(logins).findByText(rule)).toBeInTheDocument();
    const unlink = within(logins).getByRole('button', { name: 'Unlink Google ada@example.com' });
    expect(unlink).toHaveAccessibleDescription(rule);
    await userEvent.click(unlink);

    const panel = within(logins).getByRole('group', { name: 'Confirm it’s you' });
    expect(within(panel).getByRole('heading', { name: 'Confirm it’s you' })).toHaveFocus();
    expect(panel).toHaveTextContent('you’ll stay on this page');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(backend.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('says so once the window runs out while the page is open', async () => {
    // The page's timer on a clock of the test's: only setTimeout, which still moves on with real time for React.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      // Signed in a minute ago: nine minutes left.
      const backend = backendSignedIn(1);
      const logins = await openAccountPage();
      await within(logins).findByRole('button', { name: 'Link a test account' });
      // The page's own GET /api/session (after the app's) has answered.
      await waitFor(() => expect(requestsTo(backend, 'GET', '/api/session')).toHaveLength(2));
      await act(() => vi.advanceTimersByTimeAsync(0));
      expect(within(logins).queryByText(/needs a sign-in from the last 10 minutes/)).not.toBeInTheDocument();

      await act(() => vi.advanceTimersByTimeAsync(9 * 60_000));

      expect(within(logins).getByText(/needs a sign-in from the last 10 minutes/)).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs in again with a test account, never signing out, and opens the unlink it was for', async () => {
    const backend = backendSignedIn(11, { [`DELETE /api/users/me/logins/${workLoginId}`]: json({ sessionEnded: false }) });
    const logins = await openAccountPage();
    await within(logins).findByText(/needs a sign-in from the last 10 minutes/);
    await userEvent.click(within(logins).getByRole('button', { name: 'Unlink Google ada.work@example.org' }));

    await confirmWithTestAccount(logins, 'Ada Lovelace');

    const dialog = await screen.findByRole('dialog', { name: 'Unlink Google · ada.work@example.org?' });
    expect(within(logins).getByRole('status')).toHaveTextContent('Confirmed it’s you');
    expect(within(logins).queryByRole('group', { name: 'Confirm it’s you' })).not.toBeInTheDocument();
    expect(within(logins).queryByText(/needs a sign-in from the last/)).not.toBeInTheDocument();
    const [fresh] = requestsTo(backend, 'POST', reauthenticatePath);
    expect(fresh?.headers.get('X-CSRF')).toBe('1');
    expect(bodyOf(fresh)).toEqual({ idToken: expect.any(String), nonce: backend.nonces.issued.at(-1) });

    await userEvent.click(within(dialog).getByRole('button', { name: 'Unlink' }));
    expect(await within(logins).findByText('Unlinked: Google · ada.work@example.org')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(0);
  });

  it('signs in again with Google’s button where Google is configured, with the nonce the button carried', async () => {
    const backend = backendSignedIn(11, {
      'GET /api/auth/config': json({
        brand,
        googleClientId: 'client-123.apps.googleusercontent.com',
        developmentSignIn: false,
        reauthenticationWindowMinutes: 10,
        providers: [{ name: 'google', displayName: 'Google', signIn: 'google-button' }],
      }),
      [`POST ${reauthenticatePath}`]: json({ signedIn: true, user: ada, recentSignInUntil: minutesFromNow(10) }),
    });
    const logins = await openAccountPage();
    await within(logins).findByText(/needs a sign-in from the last 10 minutes/);
    await userEvent.click(within(logins).getByRole('button', { name: 'Unlink Google ada@example.com' }));

    const panel = within(logins).getByRole('group', { name: 'Confirm it’s you' });
    expect(panel).toHaveTextContent('Choose ada@example.com or ada.work@example.org.');
    await userEvent.click(await within(panel).findByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByRole('dialog', { name: 'Unlink Google · ada@example.com?' })).toBeInTheDocument();
    expect(bodyOf(requestsTo(backend, 'POST', reauthenticatePath)[0]).nonce).toBe(fakeGoogle.renderedButtonNonces[0]);
    expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(0);
  });

  it('says when the account chosen is not one of the user’s, and changes nothing', async () => {
    const backend = backendSignedIn(11);
    const logins = await openAccountPage();
    await within(logins).findByText(/needs a sign-in from the last 10 minutes/);
    await userEvent.click(within(logins).getByRole('button', { name: 'Link a test account' }));

    await confirmWithTestAccount(logins, 'Grace Hopper');

    const alert = await within(logins).findByRole('alert');
    expect(alert).toHaveTextContent('That account isn’t one of yours here');
    expect(within(logins).getByRole('group', { name: 'Confirm it’s you' })).toBeInTheDocument();
    expect(requestsTo(backend, 'POST', '/api/users/me/logins/google')).toHaveLength(0);
    expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(0);
  });

  it('confirms in place when the server finds the sign-in too old during a link (403), then has the link ready', async () => {
    const backend = backendSignedIn(1, { 'POST /api/users/me/logins/google': problem(403, 'reauthentication_required') });
    const logins = await openAccountPage();
    await userEvent.click(await within(logins).findByRole('button', { name: 'Link a test account' }));
    await userEvent.click(await within(logins).findByRole('button', { name: /^Link Grace Hopper/ }));

    const heading = await within(logins).findByRole('heading', { name: 'Confirm it’s you' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(within(logins).queryByRole('alert')).not.toBeInTheDocument();

    await confirmWithTestAccount(logins, 'Ada Lovelace');

    await waitFor(() => expect(within(logins).getByRole('button', { name: 'Link a test account' })).toHaveFocus());
    expect(screen.getByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(0);
  });

  it('confirms in place when adding a redirect link’s account finds the sign-in too old, keeping the account to add', async () => {
    const pendingId = '0196b7a2-2222-4000-8000-000000000001';
    const pendingPath = `/api/users/me/logins/pending/${pendingId}`;
    backendSignedIn(1, {
      'GET /api/auth/config': json({ ...(await acmeConfig.clone().json()), developmentSignIn: true }),
      'GET /api/users/me/logins': json([login()]),
      [`GET ${pendingPath}`]: json({ id: pendingId, provider: 'acme', displayName: 'Acme SSO', email: 'ada@acme.example', emailVerified: true, expiresAt: '2025-03-01T10:05:00Z' }),
      [`POST ${pendingPath}`]: problem(403, 'reauthentication_required'),
    });
    const logins = await openAccountPage(`/account?pendingLink=${pendingId}`);
    await userEvent.click(await within(logins).findByRole('button', { name: 'Add this account' }));

    expect(await within(logins).findByRole('group', { name: 'Confirm it’s you' })).toBeInTheDocument();
    await confirmWithTestAccount(logins, 'Ada Lovelace');

    await waitFor(() => expect(within(logins).getByRole('button', { name: 'Add this account' })).toHaveFocus());
  });

  it('signs in again at a redirect provider of the user’s own, coming back to finish the unlink', async () => {
    const backend = backendSignedIn(11, {
      'GET /api/auth/config': acmeConfig,
      'GET /api/users/me/logins': acmeLogins,
      'POST /api/auth/reauthenticate/acme/start': json({ redirectTo: 'https://acme.example/authorize?prompt=login' }),
    });
    const logins = await openAccountPage();
    await within(logins).findByText(/needs a sign-in from the last 10 minutes/);
    await userEvent.click(within(logins).getByRole('button', { name: 'Unlink the development provider ada@dev.example' }));

    const panel = within(logins).getByRole('group', { name: 'Confirm it’s you' });
    // Only the user's own methods, each by its provider.
    expect(within(panel).getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Continue with Acme SSO',
      'Continue with the development provider',
      'Cancel',
    ]);
    await userEvent.click(within(panel).getByRole('button', { name: 'Continue with Acme SSO' }));

    await waitFor(() => expect(goTo).toHaveBeenCalledWith('https://acme.example/authorize?prompt=login'));
    const [start] = requestsTo(backend, 'POST', '/api/auth/reauthenticate/acme/start');
    expect(start?.headers.get('X-CSRF')).toBe('1');
    expect(bodyOf(start)).toEqual({ returnUrl: `/account?resume=unlink%3A${workLoginId}` });
  });

  it('back from the provider (?reauthenticated=), has the unlink ready to confirm and a clean address', async () => {
    backendSignedIn(0, { 'GET /api/auth/config': acmeConfig, 'GET /api/users/me/logins': acmeLogins });
    const logins = await openAccountPage(`/account?resume=unlink%3A${workLoginId}&reauthenticated=acme`);

    const dialog = await screen.findByRole('dialog', { name: 'Unlink The development provider · ada@dev.example?' });
    expect(within(logins).getByRole('status')).toHaveTextContent('Confirmed it’s you');
    expect(dialog).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/account');
  });

  it('believes no ?reauthenticated= the server does not back: a sign-in that is not recent confirms it’s you for that action', async () => {
    const backend = backendSignedIn(11, {
      'GET /api/auth/config': acmeConfig,
      'GET /api/users/me/logins': acmeLogins,
      'POST /api/auth/reauthenticate/acme/start': json({ redirectTo: 'https://acme.example/authorize?prompt=login' }),
    });
    const logins = await openAccountPage(`/account?resume=unlink%3A${workLoginId}&reauthenticated=acme`);

    const panel = await within(logins).findByRole('group', { name: 'Confirm it’s you' });
    expect(within(logins).queryByText('Confirmed it’s you')).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The action it claimed is the one the panel is for.
    await userEvent.click(within(panel).getByRole('button', { name: 'Continue with Acme SSO' }));
    await waitFor(() => expect(requestsTo(backend, 'POST', '/api/auth/reauthenticate/acme/start')).toHaveLength(1));
    expect(bodyOf(requestsTo(backend, 'POST', '/api/auth/reauthenticate/acme/start')[0])).toEqual({
      returnUrl: `/account?resume=unlink%3A${workLoginId}`,
    });
  });

  it('back from the provider with a refusal (?reauthError=), says why and offers to confirm again', async () => {
    backendSignedIn(11, { 'GET /api/auth/config': acmeConfig, 'GET /api/users/me/logins': acmeLogins });
    const logins = await openAccountPage('/account?resume=link%3Aacme&reauthError=access_denied');

    const panel = await within(logins).findByRole('group', { name: 'Confirm it’s you' });
    expect(within(panel).getByRole('alert')).toHaveTextContent('Sign-in was cancelled');
    expect(within(panel).getByRole('button', { name: 'Continue with Acme SSO' })).toBeInTheDocument();
    expect(window.location.search).toBe('');
  });

  it('offers to confirm it’s you, not an error, when a redirect link came back too late (?linkError=reauthentication_required)', async () => {
    backendSignedIn(11);
    const logins = await openAccountPage('/account?linkError=reauthentication_required');

    expect(await within(logins).findByRole('group', { name: 'Confirm it’s you' })).toBeInTheDocument();
    expect(within(logins).queryByRole('alert')).not.toBeInTheDocument();
    expect(window.location.search).toBe('');
  });

  it('cancels without changing anything, focus on the section’s news', async () => {
    const backend = backendSignedIn(11);
    const logins = await openAccountPage();
    await userEvent.click(await within(logins).findByRole('button', { name: 'Confirm it’s you' }));

    await userEvent.click(within(within(logins).getByRole('group', { name: 'Confirm it’s you' })).getByRole('button', { name: 'Cancel' }));

    const status = within(logins).getByRole('status');
    expect(status).toHaveTextContent('Nothing was changed');
    expect(status).toHaveFocus();
    expect(backend.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/auth/nonce')).toEqual([]);
  });
});
