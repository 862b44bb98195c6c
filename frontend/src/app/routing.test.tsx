import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { accountRoutes, ada, brand, fakeBackend, json, signedInAs, signedOut } from '../test/fakeBackend';
import { fakeGoogle } from '../test/fakeGoogle';
import { safeReturnPath } from './returnPath';
import { signedInRoutes } from './routes';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

const config = json({ brand, googleClientId: 'client-123.apps.googleusercontent.com', developmentSignIn: false, providers: [{ name: 'google', displayName: 'Google', signIn: 'google-button' }] });

const here = () => `${window.location.pathname}${window.location.search}`;

beforeEach(() => {
  fakeGoogle.reset();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('The sign-in guard', () => {
  it('sends a signed-out visitor to sign in, and back to the page after signing in', async () => {
    window.history.replaceState(null, '', '/account');
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': config, 'GET /api/session': signedOut(), 'POST /api/auth/google': json(ada) });
    render(<App />);

    const signIn = await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(here()).toBe('/sign-in?returnTo=%2Faccount');
    await waitFor(() => expect(signIn).toHaveFocus());
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

    const account = await screen.findByRole('heading', { level: 1, name: 'Account' });
    expect(here()).toBe('/account');
    await waitFor(() => expect(account).toHaveFocus());
  });

  it('sends a signed-in visitor at the sign-in page on to the page it names', async () => {
    window.history.replaceState(null, '', '/sign-in?returnTo=%2Faccount');
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': config });
    render(<App />);

    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(here()).toBe('/account');
  });

  it.each(['//evil.example/account', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)'])(
    'goes home, never elsewhere, after signing in with returnTo=%s',
    async (returnTo) => {
      window.history.replaceState(null, '', `/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut(), 'POST /api/auth/google': json(ada) });
      render(<App />);

      await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Google' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeInTheDocument();
      expect(window.location.origin).toBe('http://localhost:3000');
      expect(here()).toBe('/');
    },
  );
});

describe('safeReturnPath', () => {
  it.each([
    ['/account', '/account'],
    ['/orders/7?tab=2#lines', '/orders/7?tab=2#lines'],
    ['/a/../account', '/account'],
  ])('keeps a path of this site: %s', (returnTo, expected) => {
    expect(safeReturnPath(returnTo)).toBe(expected);
  });

  it.each([null, '', 'account', '//evil.example', '/\\evil.example', '/\t/evil.example', '\\\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/sign-in', '/sign-in?returnTo=%2F%2Fevil.example', '/signed-out', '/..//evil.example', '/a/.././/evil.example', '/%2e%2e//evil.example'])(
    'answers home for %s',
    (returnTo) => {
      expect(safeReturnPath(returnTo)).toBe('/');
    },
  );
});

describe('Page not found', () => {
  it('is what an unknown path shows, signed in, with its title, focus on its heading and a link home', async () => {
    window.history.replaceState(null, '', '/settings/billing');
    document.title = 'GoogleLogin';
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedInAs(ada) });
    render(<App />);

    const heading = await screen.findByRole('heading', { level: 1, name: 'Page not found' });
    await waitFor(() => expect(heading).toHaveFocus());
    await waitFor(() => expect(document.title).toBe('Page not found · GoogleLogin'));
    // No page of the header is the one the reader is on.
    expect(within(screen.getByRole('navigation', { name: 'Site' })).queryByRole('link', { current: 'page' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'Go to the home page' }));
    const profile = await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    expect(here()).toBe('/');
    await waitFor(() => expect(profile).toHaveFocus());
  });

  it('is what an unknown path shows a signed-out visitor too, without sending them to sign in', async () => {
    window.history.replaceState(null, '', '/settings/billing');
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
    render(<App />);

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(here()).toBe('/settings/billing');
  });
});

describe('The header', () => {
  it('links the route table’s pages, marking the one the reader is on', async () => {
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': config });
    render(<App />);

    const nav = await screen.findByRole('navigation', { name: 'Site' });
    const links = within(nav).getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')]);
    // Exactly the table's pages with a header link: the product's first, then an app's own (appRoutes.tsx).
    expect(links).toEqual(signedInRoutes.filter((route) => route.nav).map((route) => [route.nav, route.path]));
    expect(links.slice(0, 2)).toEqual([
      ['Profile', '/'],
      ['Account', '/account'],
    ]);
    expect(within(nav).getByRole('link', { current: 'page' })).toHaveTextContent('Profile');
  });
});

describe('The brand', () => {
  const contoso = { name: 'Contoso Portal', logoUrl: '/brand/logo.svg', termsUrl: 'https://contoso.example/terms', privacyUrl: '/privacy' };

  it('names every title and the header, and links the terms and privacy policy under the sign-in card', async () => {
    fakeBackend({ 'GET /api/auth/config': json({ brand: contoso, googleClientId: 'client-123', developmentSignIn: false, providers: [] }), 'GET /api/session': signedOut() });
    render(<App />);

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    await waitFor(() => expect(document.title).toBe('Sign in · Contoso Portal'));
    const header = screen.getByRole('banner');
    expect(header).toHaveTextContent('Contoso Portal');
    // Beside the name, which says it all: no text of its own.
    expect(within(header).getByRole('presentation')).toHaveAttribute('src', '/brand/logo.svg');
    expect(header).not.toHaveTextContent('GoogleLogin');
    expect(screen.getByRole('link', { name: 'Terms of service' })).toHaveAttribute('href', 'https://contoso.example/terms');
    expect(screen.getByRole('link', { name: 'Privacy policy' })).toHaveAttribute('href', '/privacy');
  });

  it('names the signed-in pages too', async () => {
    fakeBackend({ ...accountRoutes(), 'GET /api/auth/config': json({ brand: contoso, googleClientId: null, developmentSignIn: true, providers: [] }) });
    render(<App />);

    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    await waitFor(() => expect(document.title).toBe('Ada Lovelace · Contoso Portal'));
  });

  it('shows no terms or privacy links when none is set', async () => {
    fakeBackend({ 'GET /api/auth/config': config, 'GET /api/session': signedOut() });
    render(<App />);

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(screen.queryByRole('link', { name: 'Terms of service' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Privacy policy' })).not.toBeInTheDocument();
  });
});
