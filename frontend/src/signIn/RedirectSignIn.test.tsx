import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { fakeBackend, json, brand, signedOut } from '../test/fakeBackend';
import { fakeGoogle } from '../test/fakeGoogle';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

const withProviders = json({
  brand,
  googleClientId: 'client-123.apps.googleusercontent.com',
  developmentSignIn: false,
  providers: [
    { name: 'google', displayName: 'Google', signIn: 'google-button' },
    { name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' },
    { name: 'contoso', displayName: 'Microsoft', signIn: 'redirect' },
  ],
});


beforeEach(() => {
  fakeGoogle.reset();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('Redirect sign-in', () => {
  it('offers a "Continue with" link per redirect provider that comes back to the page the visitor wanted', async () => {
    window.history.replaceState(null, '', '/account?tab=2');
    fakeBackend({ 'GET /api/auth/config': withProviders, 'GET /api/session': signedOut() });

    render(<App />);

    const acme = await screen.findByRole('link', { name: 'Continue with Acme SSO' });
    expect(acme).toHaveAttribute('href', '/api/auth/acme/start?returnUrl=%2Faccount%3Ftab%3D2');
    expect(screen.getByRole('link', { name: 'Continue with Microsoft' })).toHaveAttribute('href', '/api/auth/contoso/start?returnUrl=%2Faccount%3Ftab%3D2');
    expect(await screen.findByRole('button', { name: 'Sign in with Google' })).toBeInTheDocument();
    expect(screen.getByText('Choose how to sign in.')).toBeInTheDocument();
  });

  it('has one action per provider, alike, with "or" between Google’s button and the providers’ pages', async () => {
    fakeBackend({ 'GET /api/auth/config': withProviders, 'GET /api/session': signedOut() });

    render(<App />);

    await screen.findByRole('button', { name: 'Sign in with Google' });
    const card = screen.getByRole('region', { name: 'Sign in' });
    // Google's own button (in its named frame), then each redirect provider's link, in one look.
    const actions = within(card).getAllByRole('link', { name: /^Continue with / });
    expect(actions.map((action) => action.className)).toEqual(['provider-button', 'provider-button']);
    expect(within(card).getAllByRole('group', { name: 'Sign in with Google' })).toHaveLength(1);
    // Between the two kinds only: none between two providers of the same kind.
    expect(within(card).getAllByText('or')).toHaveLength(1);
    // The brand heads the card; its mark is the provider's initial, not read out.
    expect(card).toHaveTextContent(/^GoogleLogin/);
    expect(within(card).getByText('A')).toHaveAttribute('aria-hidden', 'true');
  });

  it('offers only the redirect providers, with no Google button nor "not configured" warning, when Google has no client ID', async () => {
    fakeBackend({
      'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: false, providers: [{ name: 'acme', displayName: 'Acme SSO', signIn: 'redirect' }] }),
      'GET /api/session': signedOut(),
    });

    render(<App />);

    expect(await screen.findByRole('link', { name: 'Continue with Acme SSO' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).not.toBeInTheDocument();
    expect(screen.queryByText('Loading Google sign-in…')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    ['invalid_state', 'This sign-in link has expired or was already used'],
    ['exchange_failed', 'The provider did not confirm your sign-in'],
    ['token_rejected', 'Sign-in failed'],
    ['provider_unavailable', 'The provider is unavailable'],
    ['not_allowed', 'Account not allowed'],
    ['email_conflict', 'This email is already registered'],
    ['account_disabled', 'Account disabled'],
    ['unknown_provider', 'This sign-in option is not available'],
    ['cross_site_start', 'Sign-in was not started here'],
    ['rate_limited', 'Too many sign-in attempts'],
    ['provider_error', 'The provider could not sign you in'],
    ['something_new', 'Something went wrong'],
  ])('explains ?signInError=%s and takes it out of the address', async (code, title) => {
    window.history.replaceState(null, '', `/?signInError=${code}&keep=1`);
    fakeBackend({ 'GET /api/auth/config': withProviders, 'GET /api/session': signedOut() });

    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent(title);
    // Signed out, the profile at / sends the visitor to sign in, and back to / without the error after.
    expect(`${window.location.pathname}${window.location.search}`).toBe('/sign-in?returnTo=%2F%3Fkeep%3D1');
  });

  it('tells a sign-in cancelled at the provider as news, not as an alert', async () => {
    window.history.replaceState(null, '', '/?signInError=access_denied');
    fakeBackend({ 'GET /api/auth/config': withProviders, 'GET /api/session': signedOut() });

    render(<App />);

    const status = await screen.findByText('Sign-in was cancelled');
    expect(status.closest('[role="status"]')).toHaveTextContent('You cancelled at the provider, so nothing changed.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('names the provider to use for an email already registered, and takes it out of the address', async () => {
    window.history.replaceState(null, '', '/?signInError=email_conflict&signInWith=contoso');
    fakeBackend({ 'GET /api/auth/config': withProviders, 'GET /api/session': signedOut() });

    render(<App />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This email address belongs to an account that signs in with Microsoft. Sign in with Microsoft, then add');
    expect(`${window.location.pathname}${window.location.search}`).toBe('/sign-in');
  });

  it('names the test accounts in development, whose sign-ins go by Google’s route without Google’s button', async () => {
    window.history.replaceState(null, '', '/?signInError=email_conflict&signInWith=google');
    fakeBackend({
      'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: true, providers: [{ name: 'development', displayName: 'the development provider', signIn: 'redirect' }] }),
      'GET /api/session': signedOut(),
    });

    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('belongs to an account that signs in with a test account. Sign in with a test account, then add');
  });
});
