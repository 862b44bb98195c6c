import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import {
  accountRoutes,
  activityPath,
  bodyOf,
  brand,
  claimsOf,
  fakeBackend,
  fakeIdToken,
  json,
  login,
  problem,
  securityEvent,
  session,
  userAgents,
} from '../test/fakeBackend';
import type { FakeRequest } from '../test/fakeBackend';
import { fakeGoogle } from '../test/fakeGoogle';
import { goTo } from '../shared/navigation';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);
// jsdom cannot leave for a provider: the tests see where the page would go.
vi.mock('../shared/navigation', () => ({ goTo: vi.fn() }));

const testAccounts = json([
  { id: 'grace', name: 'Grace Hopper', email: 'grace@example.com', emailVerified: true, hostedDomain: null, description: 'Verified' },
]);

// Like the development identity provider: the token carries the nonce the mint request gave.
const mintToken = (request: FakeRequest) => {
  const { accountId, email, nonce } = bodyOf(request);
  return json({ credential: fakeIdToken({ sub: String(accountId ?? email), nonce: nonce as string }) });
};

const graceLogin = login({ id: '0196b7a2-1111-7000-8000-000000000003', email: 'grace@example.com' });

function accountBackend(extra: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({
    ...accountRoutes(),
    'GET /api/dev-identity/accounts': testAccounts,
    'POST /api/dev-identity/token': mintToken,
    'POST /api/auth/logout': new Response(null, { status: 204 }),
    ...extra,
  });
}

async function openAccountPage() {
  window.history.replaceState(null, '', '/account');
  render(<App />);
  return screen.findByRole('heading', { level: 1, name: 'Account' });
}

function section(name: string) {
  return screen.getByRole('region', { name });
}

/** Answers the open confirmation dialog with its confirm button ("Sign out", "Sign out everywhere else"). */
async function confirmIn(name: string | RegExp, confirmLabel: string) {
  const dialog = await screen.findByRole('dialog', { name });
  await userEvent.click(within(dialog).getByRole('button', { name: confirmLabel }));
}

/** Answers the unlink confirmation dialog for `title` ("Google · ada@example.com") with "Unlink". */
async function confirmUnlink(title: string) {
  const dialog = await screen.findByRole('dialog', { name: `Unlink ${title}?` });
  expect(dialog).toHaveTextContent('You won’t be able to sign in with it any more.');
  await userEvent.click(within(dialog).getByRole('button', { name: 'Unlink' }));
}

function requestsTo(backend: ReturnType<typeof fakeBackend>, method: string, path: string) {
  return backend.requests.filter((r) => r.method === method && r.path === path);
}

beforeEach(() => {
  fakeGoogle.reset();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('Account page', () => {
  it('shows the profile, sign-in methods, sessions and activity, each under its heading', async () => {
    accountBackend();
    const heading = await openAccountPage();

    expect(heading).toHaveFocus();
    // The title is set by an effect after the render.
    await waitFor(() => expect(document.title).toBe('Account · GoogleLogin'));
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(within(section('Profile')).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(section('Profile')).getByText('ada@example.com')).toBeInTheDocument();
    expect(within(section('Profile')).getByRole('img', { name: 'Profile picture of Ada Lovelace' })).toBeInTheDocument();

    const logins = section('Sign-in methods');
    expect(await within(logins).findAllByRole('listitem')).not.toHaveLength(0);
    expect(within(logins).getByRole('button', { name: 'Unlink Google ada@example.com' })).toBeInTheDocument();
    expect(within(logins).getByRole('button', { name: 'Unlink Google ada.work@example.org' })).toBeInTheDocument();
    expect(within(logins).getByRole('button', { name: 'Link a test account' })).toBeInTheDocument();
    // Last used, then linked: each a machine-readable moment.
    const times = within(logins).getAllByText((_, element) => element?.tagName === 'TIME');
    expect(times[0]).toHaveAttribute('dateTime', '2025-03-04T10:30:00Z');
    expect(times[1]).toHaveAttribute('dateTime', '2025-01-02T09:00:00Z');

    const sessions = section('Where you’re signed in');
    const rows = await within(sessions).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Firefox on Linux');
    expect(rows[0]).toHaveTextContent('This device');
    expect(rows[0]).toHaveTextContent('203.0.113.7');
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Chrome on Windows');
    expect(rows[1]).not.toHaveTextContent('This device');
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: /^Revoke session on Chrome on Windows, started / })).toBeInTheDocument();
    expect(within(sessions).getByRole('button', { name: 'Sign out everywhere else' })).toBeInTheDocument();

    const activity = section('Recent activity');
    const events = await within(activity).findAllByRole('listitem');
    expect(events.map((event) => event.querySelector('.activity-what')?.textContent)).toEqual([
      'Worth checking: Google linked · ada@example.com',
      'Session revoked',
      'Signed in with Google · ada@example.com',
    ]);
    expect(events[1]).toHaveTextContent('Chrome on Windows');
    expect(within(activity).queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('is reached from the header’s Account link, and back and forward move between it and the profile', async () => {
    accountBackend();
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    const nav = screen.getByRole('navigation', { name: 'Site' });
    expect(within(nav).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');

    await userEvent.click(within(nav).getByRole('link', { name: 'Account' }));

    expect(window.location.pathname).toBe('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toHaveFocus();
    expect(within(nav).getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');

    act(() => {
      window.history.back();
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toHaveFocus();
    expect(window.location.pathname).toBe('/');

    act(() => {
      window.history.forward();
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toHaveFocus();
  });

  it.each([
    ['Sign-in methods', 'GET /api/users/me/logins', 'Your sign-in methods could not be loaded', 'Unlink Google ada@example.com'],
    ['Where you’re signed in', 'GET /api/auth/sessions', 'Your sessions could not be loaded', 'Sign out everywhere else'],
    ['Recent activity', `GET ${activityPath}`, 'Your activity could not be loaded', null],
  ])('says when %s cannot load, and loads it on "Try again"', async (name, route, title, control) => {
    const backend = accountBackend({ [route]: problem(503, 'unexpected') });
    const working = accountRoutes()[route];
    await openAccountPage();

    const alert = await within(section(name)).findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent('Something went wrong');
    // The other sections do not depend on this one.
    expect(await screen.findAllByRole('button', { name: /Unlink|Sign out everywhere else/ })).not.toHaveLength(0);

    backend.routes[route] = working as Response;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(within(section(name)).queryByRole('alert')).not.toBeInTheDocument());
    if (control) {
      expect(within(section(name)).getByRole('button', { name: control })).toBeInTheDocument();
    } else {
      expect(await within(section(name)).findByText('Signed in with Google')).toBeInTheDocument();
    }
  });

  it('shows each section loading until its answer comes', async () => {
    const answers: Array<() => void> = [];
    const held = (reply: Response) => () => new Promise<Response>((resolve) => answers.push(() => resolve(reply)));
    const routes = accountRoutes();
    accountBackend({
      'GET /api/users/me/logins': held(routes['GET /api/users/me/logins'] as Response),
      'GET /api/auth/sessions': held(routes['GET /api/auth/sessions'] as Response),
      [`GET ${activityPath}`]: held(routes[`GET ${activityPath}`] as Response),
    });
    await openAccountPage();

    expect(await within(section('Sign-in methods')).findByText('Loading sign-in methods…')).toBeInTheDocument();
    // Each section's wait is its one live status (getByRole: exactly one).
    expect(within(section('Sign-in methods')).getByRole('status')).toHaveTextContent('Loading sign-in methods…');
    expect(within(section('Where you’re signed in')).getByRole('status')).toHaveTextContent('Loading sessions…');
    expect(within(section('Recent activity')).getByRole('status')).toHaveTextContent('Loading activity…');
    act(() => answers.forEach((answer) => answer()));
    expect(await within(section('Where you’re signed in')).findByRole('button', { name: 'Sign out everywhere else' })).toBeInTheDocument();
    expect(within(section('Sign-in methods')).queryByText('Loading sign-in methods…')).not.toBeInTheDocument();
    expect(within(section('Sign-in methods')).getByRole('status')).toHaveTextContent('');
  });

  it('takes focus to the wait after "Try again", in the section’s one status', async () => {
    let fail = true;
    const routes = accountRoutes();
    const answers: Array<() => void> = [];
    accountBackend({
      'GET /api/auth/sessions': () => {
        if (fail) {
          fail = false;
          return Promise.resolve(problem(500, 'unexpected'));
        }
        return new Promise<Response>((resolve) => answers.push(() => resolve((routes['GET /api/auth/sessions'] as Response).clone())));
      },
    });
    await openAccountPage();
    const sessions = section('Where you’re signed in');

    await userEvent.click(await within(sessions).findByRole('button', { name: 'Try again' }));

    const status = within(sessions).getByRole('status');
    expect(status).toHaveTextContent('Loading sessions…');
    expect(status).toHaveFocus();
    act(() => answers.forEach((answer) => answer()));
    expect(await within(sessions).findByRole('button', { name: 'Sign out everywhere else' })).toBeInTheDocument();
  });

  it('says when every available sign-in method is linked', async () => {
    accountBackend({
      'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: false, providers: [{ name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' }] }),
      'GET /api/users/me/logins': json([login(), login({ id: '0196b7a2-1111-7000-8000-000000000002', provider: 'acme', displayName: 'Acme SSO' })]),
    });
    await openAccountPage();

    expect(await within(section('Sign-in methods')).findByText('Every available sign-in method is linked.')).toBeInTheDocument();
    expect(within(section('Sign-in methods')).queryByRole('link', { name: /^Link / })).not.toBeInTheDocument();
  });

  it('shows on the profile why a redirect link came back to / (?signInError=)', async () => {
    accountBackend();
    window.history.replaceState(null, '', '/?signInError=invalid_state');
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('This sign-in link has expired or was already used');
    expect(screen.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(window.location.search).toBe('');
  });

  it('says when there is no activity yet', async () => {
    accountBackend({ [`GET ${activityPath}`]: json([]) });
    await openAccountPage();

    expect(await within(section('Recent activity')).findByText('No activity yet.')).toBeInTheDocument();
  });

  describe('sign-in methods', () => {
    it('unlinks a login with the CSRF header, says so, and moves focus to the next one', async () => {
      const backend = accountBackend({ 'DELETE /api/users/me/logins/0196b7a2-1111-7000-8000-000000000001': json({ sessionEnded: false }) });
      await openAccountPage();
      const logins = section('Sign-in methods');

      await userEvent.click(await within(logins).findByRole('button', { name: 'Unlink Google ada@example.com' }));
      await confirmUnlink('Google · ada@example.com');

      expect(await within(logins).findByRole('status')).toHaveTextContent('Unlinked: Google · ada@example.com');
      expect(within(logins).queryByRole('button', { name: 'Unlink Google ada@example.com' })).not.toBeInTheDocument();
      const remaining = within(logins).getByRole('button', { name: 'Unlink Google ada.work@example.org' });
      expect(remaining).toHaveFocus();
      // Now the last one: it says why it cannot go.
      expect(remaining).toHaveAttribute('aria-disabled', 'true');
      const [request] = requestsTo(backend, 'DELETE', '/api/users/me/logins/0196b7a2-1111-7000-8000-000000000001');
      expect(request?.headers.get('X-CSRF')).toBe('1');
    });

    it('shows the server’s reason when it refuses to unlink (409)', async () => {
      accountBackend({
        'DELETE /api/users/me/logins/0196b7a2-1111-7000-8000-000000000001': problem(
          409,
          'last_login',
          'Link another sign-in method first: without one, nobody could sign in to this account again.',
        ),
      });
      await openAccountPage();
      const logins = section('Sign-in methods');

      const unlink = await within(logins).findByRole('button', { name: 'Unlink Google ada@example.com' });
      await userEvent.click(unlink);
      await confirmUnlink('Google · ada@example.com');

      const alert = await within(logins).findByRole('alert');
      expect(alert).toHaveTextContent('This is your only way to sign in');
      expect(alert).toHaveTextContent('Link another sign-in method first');
      expect(within(logins).getByRole('button', { name: 'Unlink Google ada@example.com' })).toBeInTheDocument();
    });

    it('goes to the sign-in page, saying why, when the unlinked login was this session’s', async () => {
      const backend = accountBackend({ 'DELETE /api/users/me/logins/0196b7a2-1111-7000-8000-000000000001': json({ sessionEnded: true }) });
      await openAccountPage();

      await userEvent.click(await within(section('Sign-in methods')).findByRole('button', { name: 'Unlink Google ada@example.com' }));
      await confirmUnlink('Google · ada@example.com');

      expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
      const alert = screen.getByRole('alert');
      expect(alert).toHaveTextContent('You’re signed out');
      expect(alert).toHaveTextContent('the sign-in method this session was opened with');
      // The server ended the session and cleared its cookie: nothing more to ask it.
      expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(0);
    });

    it('keeps the last login’s Unlink focusable but unavailable, and says why', async () => {
      const backend = accountBackend({ 'GET /api/users/me/logins': json([login()]) });
      await openAccountPage();

      const unlink = await within(section('Sign-in methods')).findByRole('button', { name: 'Unlink Google ada@example.com' });
      expect(unlink).toHaveAttribute('aria-disabled', 'true');
      expect(unlink).toBeEnabled();
      expect(unlink).toHaveAccessibleDescription(/Your only way to sign in, so it can’t be unlinked/);
      await userEvent.click(unlink);
      expect(backend.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    });

    it('links a test account with a fresh nonce, lists it and says so', async () => {
      const backend = accountBackend({ 'POST /api/users/me/logins/google': json(graceLogin) });
      await openAccountPage();
      const logins = section('Sign-in methods');

      await userEvent.click(await within(logins).findByRole('button', { name: 'Link a test account' }));
      await userEvent.click(await within(logins).findByRole('button', { name: /^Link Grace Hopper/ }));

      expect(await within(logins).findByRole('status')).toHaveTextContent('Linked: Google · grace@example.com');
      expect(within(logins).getByRole('button', { name: 'Unlink Google grace@example.com' })).toBeInTheDocument();
      expect(within(logins).getByRole('button', { name: 'Link a test account' })).toHaveFocus();
      const [link] = requestsTo(backend, 'POST', '/api/users/me/logins/google');
      expect(link?.headers.get('X-CSRF')).toBe('1');
      expect(link?.headers.get('Content-Type')).toBe('application/json');
      const nonce = backend.nonces.issued[0];
      expect(bodyOf(link)).toEqual({ idToken: expect.any(String), nonce });
      expect(claimsOf(bodyOf(link).idToken)).toEqual({ sub: 'grace', nonce });
    });

    it('shows why a login in use by another user cannot be linked (409)', async () => {
      accountBackend({
        'POST /api/users/me/logins/google': problem(
          409,
          'login_in_use',
          'This Google account signs in to another account here. Choose another, or sign in with it and remove it there first.',
        ),
      });
      await openAccountPage();
      const logins = section('Sign-in methods');

      await userEvent.click(await within(logins).findByRole('button', { name: 'Link a test account' }));
      await userEvent.click(await within(logins).findByRole('button', { name: /^Link Grace Hopper/ }));

      const alert = await within(logins).findByRole('alert');
      expect(alert).toHaveTextContent('This account is already in use');
      expect(alert).toHaveTextContent('signs in to another account here');
      expect(within(alert).queryByRole('button', { name: 'Sign in again' })).not.toBeInTheDocument();
    });

    it('links with Google’s button where Google is configured', async () => {
      const backend = accountBackend({
        'GET /api/auth/config': json({
          brand,
          googleClientId: 'client-123.apps.googleusercontent.com',
          developmentSignIn: false,
          providers: [
            { name: 'google', displayName: 'Google', signIn: 'google-button' },
            { name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' },
          ],
        }),
        'GET /api/users/me/logins': json([login({ provider: 'acme', displayName: 'Acme SSO' })]),
        'POST /api/users/me/logins/google': json(login({ id: '0196b7a2-1111-7000-8000-000000000009' })),
      });
      await openAccountPage();
      const logins = section('Sign-in methods');

      // Acme is linked already: only Google is offered.
      expect(await within(logins).findByText('Link Google')).toBeInTheDocument();
      expect(within(logins).queryByRole('link', { name: 'Link Acme SSO' })).not.toBeInTheDocument();
      await userEvent.click(await within(logins).findByRole('button', { name: 'Sign in with Google' }));

      const status = await within(logins).findByRole('status');
      await waitFor(() => expect(status).toHaveTextContent('Linked: Google · ada@example.com'));
      expect(status).toHaveFocus();
      expect(bodyOf(requestsTo(backend, 'POST', '/api/users/me/logins/google')[0]).nonce).toBe(fakeGoogle.renderedButtonNonces[0]);
    });

    it('starts a redirect provider’s link with a POST, then leaves for the provider', async () => {
      const backend = accountBackend({
        'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: false, providers: [{ name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' }] }),
        'POST /api/users/me/logins/acme/start': json({ redirectTo: 'https://acme.example/authorize?state=s' }),
      });
      await openAccountPage();

      await userEvent.click(await within(section('Sign-in methods')).findByRole('button', { name: 'Link Acme SSO' }));

      await waitFor(() => expect(goTo).toHaveBeenCalledWith('https://acme.example/authorize?state=s'));
      const starts = requestsTo(backend, 'POST', '/api/users/me/logins/acme/start');
      expect(starts.map((start) => [start.headers.get('X-CSRF'), bodyOf(start)])).toEqual([['1', { returnUrl: '/account' }]]);
    });

    describe('a redirect link’s account waiting for confirmation (?pendingLink=)', () => {
      const pendingId = '0196b7a2-2222-4000-8000-000000000001';
      const pendingPath = `/api/users/me/logins/pending/${pendingId}`;
      const acmeConfig = json({ brand, googleClientId: null, developmentSignIn: false, providers: [{ name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' }] });
      const pending = json({
        id: pendingId,
        provider: 'acme',
        displayName: 'Acme SSO',
        email: 'ada@acme.example',
        emailVerified: true,
        expiresAt: '2025-03-01T10:05:00Z',
      });
      const acmeLogin = login({ id: '0196b7a2-1111-7000-8000-000000000009', provider: 'acme', displayName: 'Acme SSO', email: 'ada@acme.example' });

      function openWithPendingLink() {
        window.history.replaceState(null, '', `/account?pendingLink=${pendingId}&keep=1`);
        render(<App />);
        return screen.findByRole('heading', { level: 3, name: 'Add this account?' });
      }

      it('shows which account it would add, with focus on the question, and takes the parameter out of the address', async () => {
        const backend = accountBackend({ 'GET /api/auth/config': acmeConfig, [`GET ${pendingPath}`]: pending });

        const question = await openWithPendingLink();

        await waitFor(() => expect(question).toHaveFocus());
        const prompt = screen.getByRole('group', { name: 'Add this account?' });
        expect(within(prompt).getByText('ada@acme.example')).toBeInTheDocument();
        expect(within(prompt).getByText('Acme SSO')).toBeInTheDocument();
        expect(window.location.pathname).toBe('/account');
        expect(window.location.search).toBe('?keep=1');
        // Nothing is added by opening the page.
        expect(backend.requests.filter((r) => r.method !== 'GET' && r.path === pendingPath)).toHaveLength(0);
      });

      it('says when the provider does not vouch for the account’s email', async () => {
        accountBackend({
          'GET /api/auth/config': acmeConfig,
          [`GET ${pendingPath}`]: json({ id: pendingId, provider: 'acme', displayName: 'Acme SSO', email: 'ada@acme.example', emailVerified: false, expiresAt: '2025-03-01T10:05:00Z' }),
        });

        await openWithPendingLink();

        const prompt = screen.getByRole('group', { name: 'Add this account?' });
        expect(within(prompt).getByText('ada@acme.example (not verified by Acme SSO)')).toBeInTheDocument();
      });

      it('adds it by keyboard with "Add this account", lists it and says so', async () => {
        const backend = accountBackend({
          'GET /api/auth/config': acmeConfig,
          [`GET ${pendingPath}`]: pending,
          [`POST ${pendingPath}`]: json(acmeLogin),
        });
        await openWithPendingLink();

        await userEvent.tab();
        expect(screen.getByRole('button', { name: 'Add this account' })).toHaveFocus();
        await userEvent.keyboard('{Enter}');

        const logins = section('Sign-in methods');
        const status = within(logins).getByRole('status');
        await waitFor(() => expect(status).toHaveTextContent('Linked: Acme SSO · ada@acme.example'));
        expect(status).toHaveFocus();
        expect(within(logins).queryByRole('group', { name: 'Add this account?' })).not.toBeInTheDocument();
        expect(within(logins).getByText('ada@acme.example')).toBeInTheDocument();
        expect(requestsTo(backend, 'POST', pendingPath)[0]?.headers.get('X-CSRF')).toBe('1');
      });

      it('forgets it with "Cancel": nothing is linked', async () => {
        const backend = accountBackend({
          'GET /api/auth/config': acmeConfig,
          [`GET ${pendingPath}`]: pending,
          [`DELETE ${pendingPath}`]: new Response(null, { status: 204 }),
        });
        await openWithPendingLink();

        await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));

        const status = within(section('Sign-in methods')).getByRole('status');
        await waitFor(() => expect(status).toHaveTextContent('Nothing was linked'));
        expect(status).toHaveFocus();
        expect(requestsTo(backend, 'DELETE', pendingPath)).toHaveLength(1);
        expect(requestsTo(backend, 'POST', pendingPath)).toHaveLength(0);
      });

      it('says so when the account is already another user’s (409 login_in_use)', async () => {
        accountBackend({
          'GET /api/auth/config': acmeConfig,
          [`GET ${pendingPath}`]: pending,
          [`POST ${pendingPath}`]: problem(409, 'login_in_use'),
        });
        await openWithPendingLink();

        await userEvent.click(screen.getByRole('button', { name: 'Add this account' }));

        expect(await within(section('Sign-in methods')).findByRole('alert')).toHaveTextContent('This account is already in use');
      });

      it('says it is gone when it expired or was already answered (404)', async () => {
        accountBackend({ 'GET /api/auth/config': acmeConfig, [`GET ${pendingPath}`]: problem(404, 'not_found') });
        window.history.replaceState(null, '', `/account?pendingLink=${pendingId}`);
        render(<App />);

        const alert = await within(await screen.findByRole('region', { name: 'Sign-in methods' })).findByRole('alert');
        expect(alert).toHaveTextContent('Not found');
        expect(alert).toHaveFocus();
        expect(screen.queryByRole('button', { name: 'Add this account' })).not.toBeInTheDocument();
        expect(window.location.search).toBe('');
      });
    });

    it('shows Google’s and the test accounts’ waits without a second live status in the section', async () => {
      accountBackend({
        'GET /api/auth/config': json({
          brand,
          googleClientId: 'client-123.apps.googleusercontent.com',
          developmentSignIn: true,
          providers: [{ name: 'google', displayName: 'Google', signIn: 'google-button' }],
        }),
        'GET /api/users/me/logins': json([login({ provider: 'acme', displayName: 'Acme SSO' })]),
        // Neither Google's button nor the test accounts get further than their waits.
        'POST /api/auth/nonce': () => new Promise<Response>(() => {}),
        'GET /api/dev-identity/accounts': () => new Promise<Response>(() => {}),
      });
      await openAccountPage();
      const logins = section('Sign-in methods');

      expect(await within(logins).findByText('Loading Google sign-in…')).toBeInTheDocument();
      const open = within(logins).getByRole('button', { name: 'Link a test account' });
      await userEvent.click(open);
      expect(await within(logins).findByText('Loading test accounts…')).toBeInTheDocument();
      expect(open).toHaveAttribute('aria-busy', 'true');
      expect(open).toHaveFocus();
      expect(within(logins).getAllByRole('status')).toHaveLength(1);
      expect(logins.querySelectorAll('[aria-live]')).toHaveLength(0);
    });

    it.each([
      ['login_in_use', 'This account is already in use'],
      ['not_signed_in', 'You’re not signed in'],
      ['access_denied', 'Sign-in was cancelled'],
      ['something_new', 'Something went wrong'],
    ])('explains ?linkError=%s and takes it out of the address', async (code, title) => {
      accountBackend();
      window.history.replaceState(null, '', `/account?linkError=${code}`);
      render(<App />);

      const alert = await within(await screen.findByRole('region', { name: 'Sign-in methods' })).findByRole('alert');
      expect(alert).toHaveTextContent(title);
      // Nothing here signs out: a refusal for want of a recent sign-in is confirmed in place (reauthentication tests).
      expect(within(alert).queryByRole('button')).not.toBeInTheDocument();
      expect(window.location.search).toBe('');
      expect(window.location.pathname).toBe('/account');
    });

    it('takes ?linkError= out of the router’s address too, so going back to the page does not bring it back', async () => {
      accountBackend();
      window.history.replaceState(null, '', '/account?linkError=login_in_use');
      render(<App />);
      expect(await within(await screen.findByRole('region', { name: 'Sign-in methods' })).findByRole('alert')).toBeInTheDocument();

      await userEvent.click(within(screen.getByRole('navigation', { name: 'Site' })).getByRole('link', { name: 'Profile' }));
      await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
      act(() => {
        window.history.back();
      });

      expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
      expect(`${window.location.pathname}${window.location.search}`).toBe('/account');
      expect(within(section('Sign-in methods')).queryByRole('alert')).not.toBeInTheDocument();
    });
  });

  describe('sessions', () => {
    const other = '/api/auth/sessions/0196b7a2-2222-7000-8000-000000000002';

    it.each([
      ['revoked', new Response(null, { status: 204 })],
      ['already gone (404)', problem(404, 'not_found')],
    ])('revokes another session when %s, refreshes the list and keeps focus in the section', async (_, reply) => {
      const backend = accountBackend({ [`DELETE ${other}`]: reply });
      await openAccountPage();
      const sessions = section('Where you’re signed in');

      const revoke = await within(sessions).findByRole('button', { name: /^Revoke session on Chrome on Windows/ });
      backend.routes['GET /api/auth/sessions'] = json([session()]);
      await userEvent.click(revoke);
      await confirmIn('Sign out Chrome on Windows?', 'Sign out');

      const status = within(sessions).getByRole('status');
      await waitFor(() => expect(status).toHaveTextContent('Session revoked: Chrome on Windows'));
      // No other row to go to: focus goes to the news.
      expect(status).toHaveFocus();
      expect(within(sessions).getAllByRole('listitem')).toHaveLength(1);
      expect(requestsTo(backend, 'DELETE', other)[0]?.headers.get('X-CSRF')).toBe('1');
      await waitFor(() => expect(requestsTo(backend, 'GET', '/api/auth/sessions')).toHaveLength(2));
    });

    it('shows the revocation in the activity, which loads afresh after each change', async () => {
      const backend = accountBackend({ [`DELETE ${other}`]: new Response(null, { status: 204 }) });
      await openAccountPage();
      const activity = section('Recent activity');
      await within(activity).findByText('Google linked');
      backend.routes[`GET ${activityPath}`] = json([securityEvent(4, { type: 'session_revoked', provider: null, providerDisplayName: null })]);

      await userEvent.click(await within(section('Where you’re signed in')).findByRole('button', { name: /^Revoke session on Chrome on Windows/ }));
      await confirmIn('Sign out Chrome on Windows?', 'Sign out');

      await waitFor(() => expect(within(section('Recent activity')).getAllByRole('listitem')).toHaveLength(1));
      expect(within(section('Recent activity')).getByRole('listitem')).toHaveTextContent('Session revoked');
      expect(requestsTo(backend, 'GET', activityPath)).toHaveLength(2);
    });

    it('moves focus to the next session’s Revoke after revoking one', async () => {
      accountBackend({
        'GET /api/auth/sessions': json([
          session(),
          session({ id: '0196b7a2-2222-7000-8000-000000000002', current: false, userAgent: userAgents.chromeWindows, lastSeenAt: '2025-03-04T10:59:00Z' }),
          session({ id: '0196b7a2-2222-7000-8000-000000000003', current: false, userAgent: userAgents.safariIphone, lastSeenAt: '2025-03-04T10:58:00Z' }),
        ]),
        [`DELETE ${other}`]: new Response(null, { status: 204 }),
      });
      await openAccountPage();
      const sessions = section('Where you’re signed in');

      await userEvent.click(await within(sessions).findByRole('button', { name: /^Revoke session on Chrome on Windows/ }));
      await confirmIn('Sign out Chrome on Windows?', 'Sign out');

      await waitFor(() => expect(within(sessions).getByRole('button', { name: /^Revoke session on Safari on iPhone/ })).toHaveFocus());
    });

    it('signs out everywhere else once confirmed, saying so while it happens, then refreshes the list', async () => {
      let answer: (response: Response) => void = () => {};
      const backend = accountBackend({ 'POST /api/auth/logout-others': () => new Promise<Response>((resolve) => (answer = resolve)) });
      await openAccountPage();
      const sessions = section('Where you’re signed in');

      const button = await within(sessions).findByRole('button', { name: 'Sign out everywhere else' });
      await userEvent.click(button);
      await confirmIn('Sign out 1 other session?', 'Sign out everywhere else');
      expect(within(sessions).getByRole('status')).toHaveTextContent('Signing out other sessions…');
      expect(button).toHaveAttribute('aria-disabled', 'true');
      expect(button).toHaveFocus();

      backend.routes['GET /api/auth/sessions'] = json([session()]);
      answer(new Response(null, { status: 204 }));

      await waitFor(() => expect(within(sessions).getAllByRole('listitem')).toHaveLength(1));
      expect(within(sessions).getByRole('status')).toHaveTextContent('Signed out everywhere else');
      // Nowhere else is left: the button has gone, and its news takes focus.
      expect(button).not.toBeInTheDocument();
      expect(within(sessions).getByRole('status')).toHaveFocus();
      expect(within(sessions).getByText('You’re signed in on this device only.')).toBeInTheDocument();
      expect(requestsTo(backend, 'POST', '/api/auth/logout-others')[0]?.headers.get('X-CSRF')).toBe('1');
    });

    it('signs out from this device’s row', async () => {
      const backend = accountBackend();
      await openAccountPage();

      await userEvent.click(await within(section('Where you’re signed in')).findByRole('button', { name: 'Sign out' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'You’re signed out' })).toHaveFocus();
      expect(window.location.pathname + window.location.search).toBe('/signed-out?returnTo=%2Faccount');
      expect(requestsTo(backend, 'POST', '/api/auth/logout')).toHaveLength(1);
    });
  });

  describe('activity', () => {
    const fullPage = (from: number) => Array.from({ length: 20 }, (_, i) => securityEvent(from - i, { type: 'signed_out' }));

    it('shows more, older events a page at a time, focusing the first new one, until a short page', async () => {
      const backend = accountBackend({
        [`GET ${activityPath}`]: json(fullPage(45)),
        [`GET ${activityPath}&before=26`]: json(fullPage(25)),
        [`GET ${activityPath}&before=6`]: json([securityEvent(5, { type: 'unknown' }), securityEvent(4, { type: 'sign_in_refused_disabled' })]),
      });
      await openAccountPage();
      const activity = section('Recent activity');
      expect(await within(activity).findAllByRole('listitem')).toHaveLength(20);

      await userEvent.click(within(activity).getByRole('button', { name: 'Show more' }));
      await waitFor(() => expect(within(activity).getAllByRole('listitem')).toHaveLength(40));
      expect(within(activity).getAllByRole('listitem')[20]).toHaveFocus();

      await userEvent.click(within(activity).getByRole('button', { name: 'Show more' }));
      await waitFor(() => expect(within(activity).getAllByRole('listitem')).toHaveLength(42));
      const items = within(activity).getAllByRole('listitem');
      expect(items[40]).toHaveFocus();
      expect(items[40]).toHaveTextContent('Security event');
      expect(items[41]).toHaveTextContent('Refused sign-in: account disabled');
      expect(within(activity).queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
      expect(backend.requests.filter((r) => r.path.startsWith('/api/users/me/activity')).map((r) => r.path)).toEqual([
        activityPath,
        `${activityPath}&before=26`,
        `${activityPath}&before=6`,
      ]);
    });
  });

  it.each([
    ['GET /api/users/me/logins'],
    ['GET /api/auth/sessions'],
    [`GET ${activityPath}`],
  ])('goes to the sign-in page, saying the session ended, when %s answers 401', async (route) => {
    accountBackend({ [route]: problem(401, 'not_signed_in') });
    window.history.replaceState(null, '', '/account');
    render(<App />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session has ended');
    expect(alert).toHaveTextContent('Sign in again.');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(fakeGoogle.logout).toHaveBeenCalled();
  });

  it('goes to the sign-in page when revoking finds the session already ended (401)', async () => {
    accountBackend({ 'DELETE /api/auth/sessions/0196b7a2-2222-7000-8000-000000000002': problem(401, 'not_signed_in') });
    await openAccountPage();

    await userEvent.click(await within(section('Where you’re signed in')).findByRole('button', { name: /^Revoke session on Chrome on Windows/ }));
    await confirmIn('Sign out Chrome on Windows?', 'Sign out');

    expect(await screen.findByRole('alert')).toHaveTextContent('Your session has ended');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();
  });
});
