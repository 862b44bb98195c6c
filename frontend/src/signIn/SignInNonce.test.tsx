import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { nonceRenewalMs } from './useSignInNonce';
import { ada, bodyOf, claimsOf, fakeBackend, json, problem, brand, signedOut } from '../test/fakeBackend';
import { fakeGoogle } from '../test/fakeGoogle';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

const config = json({ brand, googleClientId: 'client-123.apps.googleusercontent.com', developmentSignIn: false, providers: [{ name: 'google', displayName: 'Google', signIn: 'google-button' }] });

function signedOutBackend(routes: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({
    'GET /api/auth/config': config,
    'GET /api/session': signedOut(),
    'POST /api/auth/google': json(ada),
    ...routes,
  });
}

function signInPosts(backend: ReturnType<typeof fakeBackend>) {
  return backend.requests.filter((r) => r.method === 'POST' && r.path === '/api/auth/google').map(bodyOf);
}

const googleButton = () => screen.findByRole('button', { name: 'Sign in with Google' });

beforeEach(() => {
  fakeGoogle.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('sign-in nonce', () => {
  it('gives Google a nonce from the backend and posts the same nonce with the token', async () => {
    const backend = signedOutBackend();
    render(<App />);

    await userEvent.click(await googleButton());

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const issued = backend.nonces.issued;
    expect(issued).toHaveLength(1);
    expect(backend.requests.find((r) => r.path === '/api/auth/nonce')?.method).toBe('POST');
    expect(fakeGoogle.renderedButtonNonces).toEqual([issued[0]]);
    const [post] = signInPosts(backend);
    expect(post?.nonce).toBe(issued[0]);
    expect(claimsOf(post?.idToken)?.nonce).toBe(issued[0]);
  });

  it('shows the loading spinner and no button until the nonce arrives', async () => {
    let answerNonce: (response: Response) => void = () => {};
    const backend = signedOutBackend({
      'POST /api/auth/nonce': () => new Promise<Response>((resolve) => (answerNonce = resolve)),
    });
    render(<App />);
    await screen.findByRole('heading', { name: 'Sign in' });
    // Let Google's script report that it loaded: from then on only the nonce is missing.
    await act(() => Promise.resolve());

    expect(screen.getByRole('status')).toHaveTextContent('Loading Google sign-in');
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).not.toBeInTheDocument();

    answerNonce(backend.issueNonce());
    expect(await googleButton()).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(fakeGoogle.renderedButtonNonces).toEqual([backend.nonces.issued[0]]);
  });

  it('after a refused sign-in, renders a new button with a new nonce, and the next attempt posts that one', async () => {
    const backend = signedOutBackend({
      'POST /api/auth/google': problem(401, 'token_rejected', 'The sign-in was not accepted.'),
    });
    render(<App />);

    await userEvent.click(await googleButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('couldn’t be verified');

    backend.routes['POST /api/auth/google'] = json(ada);
    await userEvent.click(await googleButton());

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const [first, second] = backend.nonces.issued;
    expect(first).not.toBe(second);
    expect(fakeGoogle.renderedButtonNonces).toEqual([first, second]);
    expect(signInPosts(backend).map((post) => post.nonce)).toEqual([first, second]);
    expect(signInPosts(backend).map((post) => claimsOf(post.idToken)?.nonce)).toEqual([first, second]);
  });

  it('withdraws the used nonce’s button at once, and fetches the next nonce only if the attempt fails', async () => {
    let answerSignIn: (response: Response) => void = () => {};
    const backend = signedOutBackend({
      'POST /api/auth/google': () => new Promise<Response>((resolve) => (answerSignIn = resolve)),
    });
    render(<App />);

    await userEvent.click(await googleButton());

    expect(await screen.findByRole('status')).toHaveTextContent('Signing you in');
    expect(screen.queryByRole('button', { name: 'Sign in with Google', hidden: true })).not.toBeInTheDocument();
    expect(backend.nonces.issued).toHaveLength(1);

    answerSignIn(problem(503, 'provider_unavailable', 'Try again in a moment.'));
    expect(await screen.findByRole('alert')).toHaveTextContent('The provider is unavailable');
    expect(await googleButton()).toBeInTheDocument();
    // The new nonce's button is drawn once the nonce arrives, which on a busy machine may follow the alert.
    await waitFor(() => expect(fakeGoogle.renderedButtonNonces).toEqual(backend.nonces.issued));
    expect(backend.nonces.issued).toHaveLength(2);
  });

  it('gets a new nonce when Google returns no credential', async () => {
    fakeGoogle.returnsCredential = false;
    const backend = signedOutBackend();
    render(<App />);

    await userEvent.click(await googleButton());

    expect(await screen.findByRole('alert')).toHaveTextContent('Google didn’t return a credential');
    fakeGoogle.returnsCredential = true;
    await userEvent.click(await googleButton());
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(signInPosts(backend).map((post) => post.nonce)).toEqual([backend.nonces.issued[1]]);
  });

  it('reports a nonce that cannot be fetched, and the retry brings the button', async () => {
    const backend = signedOutBackend({ 'POST /api/auth/nonce': 'network-error' });
    render(<App />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot reach the server');
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).not.toBeInTheDocument();

    backend.routes['POST /api/auth/nonce'] = backend.issueNonce;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));

    await userEvent.click(await googleButton());
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(signInPosts(backend).map((post) => post.nonce)).toEqual([backend.nonces.issued[0]]);
  });

  it('says how long to wait when the nonce endpoint is rate-limited', async () => {
    signedOutBackend({ 'POST /api/auth/nonce': problem(429, 'rate_limited', undefined, { 'Retry-After': '1' }) });
    render(<App />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many sign-in attempts');
    expect(alert).toHaveTextContent('Try again in 1 second.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeEnabled();
  });

  it('renews the nonce before the server lets it expire, and signs in with the new one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const backend = signedOutBackend();
    render(<App />);
    await googleButton();

    await act(() => vi.advanceTimersByTimeAsync(nonceRenewalMs - 1000));
    expect(backend.nonces.issued).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(backend.nonces.issued).toHaveLength(2);
    const [first, second] = backend.nonces.issued;
    expect(fakeGoogle.renderedButtonNonces).toEqual([first, second]);

    fireEvent.click(await googleButton());
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(signInPosts(backend).map((post) => post.nonce)).toEqual([second]);
  });

  it('uses a new nonce after signing out', async () => {
    const backend = signedOutBackend({ 'POST /api/auth/logout': new Response(null, { status: 204 }) });
    render(<App />);

    await userEvent.click(await googleButton());
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await userEvent.click(await screen.findByRole('link', { name: 'Sign in again' }));
    await userEvent.click(await googleButton());

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    const [first, second] = backend.nonces.issued;
    expect(fakeGoogle.renderedButtonNonces).toEqual([first, second]);
    expect(signInPosts(backend).map((post) => post.nonce)).toEqual([first, second]);
  });
});
