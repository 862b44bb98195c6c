import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { accountRoutes, fakeBackend, json, session, userAgents } from '../test/fakeBackend';
import type { Session } from '../api/client';
import { exactTime } from '../shared/relativeTime';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

// The page's clock: "Active now" and "2 hours ago" are measured from it. Only Date is faked: waits stay real.
const now = new Date(2025, 2, 4, 15, 0);
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const iphone = '0196b7a2-2222-7000-8000-000000000003';

function sessionsBackend(sessions: Session[], extra: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({ ...accountRoutes(), 'GET /api/auth/sessions': json(sessions), ...extra });
}

async function openSessions() {
  window.history.replaceState(null, '', '/account');
  render(<App />);
  const sessions = await screen.findByRole('region', { name: 'Where you’re signed in' });
  await within(sessions).findAllByRole('listitem');
  return sessions;
}

const here = session({ createdAt: ago(120), lastSeenAt: ago(0), providerDisplayName: 'Google', accountEmail: 'ada@example.com' });
const phone = session({
  id: iphone,
  current: false,
  userAgent: userAgents.safariIphone,
  createdAt: ago(180),
  lastSeenAt: ago(120),
  ipAddress: '198.51.100.4',
  // Opened with a login since unlinked: no method to name.
  provider: null,
  providerDisplayName: null,
  accountEmail: null,
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});

afterEach(() => {
  vi.useRealTimers();
  window.history.replaceState(null, '', '/');
});

describe('Where you’re signed in', () => {
  it('shows each device by kind and name, when it was active, how it signed in and from where', async () => {
    sessionsBackend([here, phone]);
    const sessions = await openSessions();
    const [thisOne, other] = within(sessions).getAllByRole('listitem') as [HTMLElement, HTMLElement];

    // The icon is decoration: its kind is in words for screen readers.
    expect(thisOne.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
    expect(thisOne).toHaveTextContent('Computer: Firefox on Linux');
    expect(thisOne).toHaveTextContent('This device');
    expect(thisOne).toHaveTextContent('Active now');
    expect(thisOne).toHaveTextContent('Signed in with Google · ada@example.com');
    expect(thisOne).toHaveTextContent('Started 2 hours ago');

    expect(other).toHaveTextContent('Phone: Safari on iPhone');
    expect(other).not.toHaveTextContent('Active now');
    expect(other).toHaveTextContent('IP address 198.51.100.4');
    // No method known (its login since unlinked): nothing said.
    expect(other).not.toHaveTextContent('Signed in with');
    const lastActive = within(other).getByText((_, element) => element?.tagName === 'TIME' && element.getAttribute('dateTime') === ago(120));
    expect(lastActive).toHaveTextContent(/^2 hours ago/);
    // The exact moment with its zone: on hover, and read out.
    const exact = exactTime(new Date(ago(120)));
    expect(exact).toMatch(/\d{4}.*\d:\d\d/);
    expect(lastActive).toHaveAttribute('title', exact);
    expect(lastActive).toHaveTextContent(`2 hours ago (${exact})`);
  });

  it('counts a session seen in the last few minutes as active now', async () => {
    sessionsBackend([here, { ...phone, lastSeenAt: ago(3) }]);
    const sessions = await openSessions();

    expect(within(sessions).getAllByRole('listitem')[1]).toHaveTextContent('Active now');
  });

  it('does not repeat the start when it is when the session was last active', async () => {
    sessionsBackend([here, { ...phone, createdAt: phone.lastSeenAt }]);
    const sessions = await openSessions();

    expect(within(sessions).getAllByRole('listitem')[1]).not.toHaveTextContent('Started');
  });

  it.each([['::1'], ['127.0.0.1'], ['::ffff:127.0.0.1']])('leaves out the address %s, the machine’s own', async (address) => {
    sessionsBackend([{ ...here, ipAddress: address }, phone]);
    const sessions = await openSessions();

    expect(within(sessions).getAllByRole('listitem')[0]).not.toHaveTextContent(address);
    expect(within(sessions).getAllByRole('listitem')[0]).not.toHaveTextContent('IP address');
  });

  it('offers no "Sign out everywhere else" when signed in here only', async () => {
    sessionsBackend([here]);
    const sessions = await openSessions();

    expect(within(sessions).queryByRole('button', { name: 'Sign out everywhere else' })).not.toBeInTheDocument();
    expect(within(sessions).getByText('You’re signed in on this device only.')).toBeInTheDocument();
  });

  it('asks before revoking, naming the device: Escape cancels and nothing happens', async () => {
    const backend = sessionsBackend([here, phone], { [`DELETE /api/auth/sessions/${iphone}`]: new Response(null, { status: 204 }) });
    const sessions = await openSessions();
    const revoke = within(sessions).getByRole('button', { name: /^Revoke session on Safari on iPhone/ });

    await userEvent.click(revoke);
    const dialog = await screen.findByRole('dialog', { name: 'Sign out Safari on iPhone?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(revoke).toHaveFocus();
    expect(within(sessions).getAllByRole('listitem')).toHaveLength(2);
    expect(backend.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0);

    await userEvent.click(revoke);
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Sign out Safari on iPhone?' })).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(within(sessions).getByRole('status')).toHaveTextContent('Session revoked: Safari on iPhone'));
    expect(backend.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([`/api/auth/sessions/${iphone}`]);
  });

  it('asks before signing out everywhere else, naming how many: Cancel does nothing', async () => {
    const backend = sessionsBackend([here, phone, { ...phone, id: '0196b7a2-2222-7000-8000-000000000004', userAgent: userAgents.chromeWindows }]);
    const sessions = await openSessions();
    const everywhereElse = within(sessions).getByRole('button', { name: 'Sign out everywhere else' });

    await userEvent.click(everywhereElse);
    const dialog = await screen.findByRole('dialog', { name: 'Sign out 2 other sessions?' });
    expect(dialog).toHaveAccessibleDescription(/You stay signed in here\./);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(everywhereElse).toHaveFocus();
    expect(backend.requests.filter((request) => request.path === '/api/auth/logout-others')).toHaveLength(0);
  });
});
