import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { accountRoutes, ada, bodyOf, claimsOf, fakeBackend, json, problem, brand, signedInAs, signedOut } from './test/fakeBackend';
import { fakeGoogle } from './test/fakeGoogle';

vi.mock('@react-oauth/google', async () => (await import('./test/fakeGoogle')).fakeGoogleModule);

const config = json({ brand, googleClientId: 'client-123.apps.googleusercontent.com', developmentSignIn: false, providers: [{ name: 'google', displayName: 'Google', signIn: 'google-button' }] });

beforeEach(() => {
  fakeGoogle.reset();
});

afterEach(() => {
  // Signing out leaves the address at /signed-out.
  window.history.replaceState(null, '', '/');
});

describe('App', () => {
  it('shows a loading state, then the sign-in page when there is no session', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });

    render(<App />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Sign in with Google' })).toBeInTheDocument();
  });

  it('goes straight to the profile when the session cookie is still valid', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });

    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('ada@example.com')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Profile picture of Ada Lovelace' })).toHaveAttribute('src', ada.pictureUrl);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('posts the Google credential and its nonce with the CSRF header and shows the profile', async () => {
    const backend = fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': json(ada),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const post = backend.requests.find((r) => r.method === 'POST' && r.path !== '/api/auth/nonce');
    expect(post?.path).toBe('/api/auth/google');
    expect(post?.credentials).toBe('same-origin');
    expect(post?.headers.get('X-CSRF')).toBe('1');
    expect(post?.headers.get('Content-Type')).toBe('application/json');
    const body = bodyOf(post);
    expect(body).toEqual({ idToken: expect.any(String), nonce: backend.nonces.issued[0] });
    expect(claimsOf(body.idToken)).toMatchObject({ sub: 'google-ada', nonce: backend.nonces.issued[0] });
  });

  it('shows a signing-in state while the backend verifies the token', async () => {
    let answer: (response: Response) => void = () => {};
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    // Google's button hides while the sign-in is checked: focus goes to the news, not to the page.
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Signing you in');
    expect(status).toHaveFocus();
    answer(json(ada));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('explains a rejected token by its code, and allows another try', async () => {
    const backend = fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': problem(401, 'token_rejected', 'The ID token could not be verified.'),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sign-in failed');
    expect(alert).toHaveTextContent('couldn’t be verified');
    expect(alert).toHaveFocus();

    backend.routes['POST /api/auth/google'] = json(ada);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    ['acme', 'This email address belongs to an account that signs in with Acme SSO. Sign in with Acme SSO, then add'],
    // A provider this page does not offer (any more): the words without its name.
    ['retired', 'This email address belongs to another account here. Sign in the way you signed in before.'],
  ])('names the provider to use when the email is already registered (signInWith=%s)', async (signInWith, detail) => {
    const withAcme = json({
      brand,
      googleClientId: 'client-123.apps.googleusercontent.com',
      developmentSignIn: false,
      providers: [
        { name: 'google', displayName: 'Google', signIn: 'google-button' },
        { name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' },
      ],
    });
    fakeBackend({
      'GET /api/auth/config': withAcme,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': json({ status: 409, code: 'email_conflict', title: 'Email already registered', detail: 'The server’s own words.', signInWith }, 409, { 'Content-Type': 'application/problem+json' }),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This email is already registered');
    expect(alert).toHaveTextContent(detail);
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('says how long to wait when there were too many sign-in attempts', async () => {
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': problem(429, 'rate_limited', 'Rate limit exceeded.', { 'Retry-After': '42' }),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many sign-in attempts');
    expect(alert).toHaveTextContent('Try again in 42 seconds.');
  });

  it('explains when Google returns no credential', async () => {
    fakeGoogle.returnsCredential = false;
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Google didn’t return a credential');
  });

  it('shows a readable error with a retry when Google’s script cannot load', async () => {
    fakeGoogle.scriptLoads = false;
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Google sign-in could not be loaded');

    fakeGoogle.scriptLoads = true;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Sign in with Google' })).toBeInTheDocument();
    // "Try again" went with the alert: focus went to the wait, then to Google's button's frame.
    expect(screen.getByRole('group', { name: 'Sign in with Google' })).toHaveFocus();
  });

  it.each([
    [false, 'outline'],
    [true, 'filled_black'],
  ])('asks Google for a button that suits the page (dark: %s)', async (dark, theme) => {
    // jsdom has no matchMedia: the page's colour scheme, as a browser would report it.
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: dark && query === '(prefers-color-scheme: dark)',
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
    render(<App />);

    expect(await screen.findByRole('button', { name: 'Sign in with Google' })).toBeInTheDocument();
    expect(fakeGoogle.renderedButtonThemes).toEqual([theme]);
    vi.unstubAllGlobals();
  });

  it('says the server is unreachable and recovers on retry, focus waiting on the loading status meanwhile', async () => {
    const backend = fakeBackend({ 'GET /api/auth/config': 'network-error', 'GET /api/session': 'network-error' });
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');

    let answer: (response: Response) => void = () => {};
    backend.routes['GET /api/auth/config'] = () => new Promise<Response>((resolve) => (answer = resolve));
    backend.routes['GET /api/session'] = signedInAs(ada);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(screen.getByRole('status')).toHaveFocus();
    answer(config.clone());
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
  });

  it('reports a network failure during sign-in without getting stuck', async () => {
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': 'network-error',
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
    expect(await screen.findByRole('button', { name: 'Sign in with Google' })).toBeEnabled();
  });

  it('signs out on the server and in Google, then says so at an address of its own, with a way back in', async () => {
    const backend = fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedInAs(ada),
      'POST /api/auth/logout': new Response(null, { status: 204 }),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'You’re signed out' });
    expect(window.location.pathname).toBe('/signed-out');
    await waitFor(() => expect(heading).toHaveFocus());
    expect(fakeGoogle.logout).toHaveBeenCalledOnce();
    const post = backend.requests.find((r) => r.path === '/api/auth/logout');
    expect(post?.method).toBe('POST');
    expect(post?.headers.get('X-CSRF')).toBe('1');

    await userEvent.click(screen.getByRole('link', { name: 'Sign in again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/sign-in');
  });

  it('leaves the account page for the signed-out page, not for signing in again', async () => {
    window.history.replaceState(null, '', '/account');
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': config, 'POST /api/auth/logout': new Response(null, { status: 204 }) });
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Account' });

    await userEvent.click(screen.getByRole('button', { name: 'Ada Lovelace' }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'You’re signed out' })).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/signed-out?returnTo=%2Faccount');
    // Signing in again comes back to the page signed out from.
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/sign-in?returnTo=%2Faccount');
  });

  it('shows the signed-out page to whoever opens its address signed out, and sends a signed-in visitor home', async () => {
    window.history.replaceState(null, '', '/signed-out');
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });
    render(<App />);

    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/');
  });

  it('still says why when the session ended elsewhere, on the sign-in page', async () => {
    window.history.replaceState(null, '', '/account');
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': config, 'GET /api/auth/sessions': problem(401, 'not_signed_in') });
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Your session has ended');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/sign-in?returnTo=%2Faccount');
  });

  it('keeps focus on Sign out while signing out, sends it once, then moves focus to the signed-out page', async () => {
    let answer: (response: Response) => void = () => {};
    const backend = fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedInAs(ada),
      'POST /api/auth/logout': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    render(<App />);
    const signOut = await screen.findByRole('button', { name: 'Sign out' });

    await userEvent.click(signOut);
    await userEvent.click(signOut);

    expect(signOut).toHaveTextContent('Signing out…');
    expect(signOut).toHaveAttribute('aria-disabled', 'true');
    expect(signOut).toHaveFocus();
    expect(backend.requests.filter((r) => r.path === '/api/auth/logout')).toHaveLength(1);
    answer(new Response(null, { status: 204 }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'You’re signed out' })).toHaveFocus());
  });

  it('treats an already-ended session as signed out', async () => {
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedInAs(ada),
      'POST /api/auth/logout': problem(401, 'not_signed_in'),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'You’re signed out' })).toBeInTheDocument();
  });

  it('stays signed in and says so when sign-out cannot reach the server', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada), 'POST /api/auth/logout': 'network-error' });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    // Said once, above the page, and without blaming the connection.
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the serverThe server didn’t answer. Try again in a moment.');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toHaveAttribute('aria-disabled', 'false');
    expect(screen.getByRole('button', { name: 'Sign out' })).toHaveFocus();
    expect(fakeGoogle.logout).not.toHaveBeenCalled();
  });

  it('says so when the server has no Google client ID', async () => {
    fakeBackend({ 'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: false, providers: [] }), 'GET /api/session': signedOut() });
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Google sign-in is not configured');
  });

  it('shows initials when the user has no picture, and the email when there is no name', async () => {
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedInAs({ ...ada, firstName: null, lastName: null, pictureUrl: null }),
    });
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'ada@example.com' })).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('falls back to the initial when the picture cannot be loaded', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });
    render(<App />);

    const picture = await screen.findByRole('img', { name: 'Profile picture of Ada Lovelace' });
    fireEvent.error(picture);

    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByText('A')).toBeInTheDocument();
  });

  it('moves keyboard focus to the heading of each new page', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });
    render(<App />);

    const heading = await screen.findByRole('heading', { name: 'Ada Lovelace' });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  // The title is set by an effect after the render: each test waits for it.
  describe('names the page in the title', () => {
    beforeEach(() => {
      document.title = 'GoogleLogin';
    });

    it('on the sign-in page', async () => {
      fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
      render(<App />);

      await screen.findByRole('heading', { name: 'Sign in' });
      await waitFor(() => expect(document.title).toBe('Sign in · GoogleLogin'));
    });

    it('after the signed-in user on the profile page, and on the signed-out page after signing out', async () => {
      fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada), 'POST /api/auth/logout': new Response(null, { status: 204 }) });
      render(<App />);

      await screen.findByRole('heading', { name: 'Ada Lovelace' });
      await waitFor(() => expect(document.title).toBe('Ada Lovelace · GoogleLogin'));
      await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
      await screen.findByRole('heading', { name: 'You’re signed out' });
      await waitFor(() => expect(document.title).toBe('Signed out · GoogleLogin'));
    });

    it('when the server cannot be reached', async () => {
      fakeBackend({ 'GET /api/auth/config': 'network-error', 'GET /api/session': 'network-error' });
      render(<App />);

      await screen.findByRole('alert');
      // Without the server's brand, the name is the served page's first title: none in these tests.
      await waitFor(() => expect(document.title).toBe('Sign in'));
    });
  });

  it('never puts anything in web storage', async () => {
    fakeBackend({
      'GET /api/auth/config': config,
      'GET /api/session': signedOut(),
      'POST /api/auth/google': json(ada),
    });
    render(<App />);

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));
    await screen.findByRole('heading', { name: 'Ada Lovelace' });

    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  describe('the development banner', () => {
    const development = json({ brand, googleClientId: null, developmentSignIn: true, providers: [{ name: 'development', displayName: 'the development provider', signIn: 'redirect' }] });

    it('heads the sign-in page while test accounts are on, as a named region in words', async () => {
      fakeBackend({ 'GET /api/auth/config': development, 'GET /api/session': signedOut() });
      render(<App />);

      await screen.findByRole('heading', { level: 1, name: 'Sign in' });
      expect(screen.getByRole('region', { name: 'Development mode' })).toHaveTextContent('Development mode: anyone can sign in with a test account');
    });

    it('heads the signed-in pages too', async () => {
      window.history.replaceState(null, '', '/account');
      // A development server's account page.
      fakeBackend(accountRoutes());
      render(<App />);

      await screen.findByRole('heading', { level: 1, name: 'Account' });
      expect(screen.getByRole('region', { name: 'Development mode' })).toBeInTheDocument();
    });

    it('is absent in production', async () => {
      fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });
      render(<App />);

      await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
      expect(screen.queryByRole('region', { name: 'Development mode' })).not.toBeInTheDocument();
    });

    it('explains the two development routes in plain words: test accounts here, the provider’s own page there', async () => {
      fakeBackend({ 'GET /api/auth/config': development, 'GET /api/session': signedOut() });
      render(<App />);

      const card = await screen.findByRole('region', { name: 'Sign in' });
      expect(within(card).getByRole('button', { name: 'Sign in with a test account' })).toHaveAccessibleDescription(
        'Choose a made-up person on this page. No password needed.',
      );
      expect(within(card).getByRole('link', { name: 'Continue with the development provider' })).toHaveAccessibleDescription(
        'Opens the development provider’s own sign-in page first, as a real provider would.',
      );
      expect(within(card).getAllByText('or')).toHaveLength(1);
      expect(card).not.toHaveTextContent(/ID token|redirect/i);
    });
  });
});
