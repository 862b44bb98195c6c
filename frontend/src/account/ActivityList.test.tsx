import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { accountRoutes, activityPath, fakeBackend, json, securityEvent, session, userAgents } from '../test/fakeBackend';
import type { SecurityEvent } from '../api/client';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

// Days are the reader's: the events are placed by this clock, in the test machine's time zone.
const now = new Date(2025, 2, 4, 15, 0);
const at = (daysAgo: number, hour: number) => new Date(2025, 2, 4 - daysAgo, hour, 30).toISOString();

// A newer server's kinds of event are strings this version does not know.
type AnyEvent = Omit<SecurityEvent, 'type'> & { type: string };
const event = (id: number, overrides: Partial<AnyEvent>): AnyEvent => ({ ...securityEvent(id), ...overrides });

function activityBackend(events: AnyEvent[], extra: Parameters<typeof fakeBackend>[0] = {}) {
  return fakeBackend({ ...accountRoutes(), [`GET ${activityPath}`]: json(events), ...extra });
}

async function openActivity() {
  window.history.replaceState(null, '', '/account');
  render(<App />);
  const activity = await screen.findByRole('region', { name: 'Recent activity' });
  await within(activity).findAllByRole('listitem');
  return activity;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});

afterEach(() => {
  vi.useRealTimers();
  window.history.replaceState(null, '', '/');
});

describe('Recent activity', () => {
  it('groups events by day, each on its own lines without repeated labels, naming the account used', async () => {
    activityBackend([
      event(4, { occurredAt: at(0, 14), accountEmail: 'ada.work@example.org' }),
      event(3, { occurredAt: at(0, 9), type: 'signed_out', provider: null, providerDisplayName: null }),
      event(2, { occurredAt: at(1, 20), type: 'reauthenticated', userAgent: userAgents.safariIphone, ipAddress: null }),
      event(1, { occurredAt: at(9, 8), type: 'session_revoked', provider: null, providerDisplayName: null }),
    ]);
    const activity = await openActivity();

    const days = within(activity).getAllByRole('heading', { level: 3 });
    expect(days.map((day) => day.textContent)).toEqual(['Today', 'Yesterday', expect.stringMatching(/February 23/)]);
    const lists = within(activity).getAllByRole('list');
    expect(lists.map((list) => within(list).getAllByRole('listitem').length)).toEqual([2, 1, 1]);

    const [signedIn] = within(lists[0] as HTMLElement).getAllByRole('listitem') as [HTMLElement];
    expect(signedIn).toHaveTextContent('Signed in with Google · ada.work@example.org');
    expect(signedIn).toHaveTextContent('Firefox on Linux');
    // The address is labelled for screen readers only; no "When:", "Browser:" or "IP address:" labels.
    expect(signedIn).toHaveTextContent('IP address 203.0.113.7');
    expect(activity).not.toHaveTextContent(/When:|Browser:|IP address:/);
    const time = within(signedIn).getByText((_, element) => element?.tagName === 'TIME');
    expect(time).toHaveAttribute('dateTime', at(0, 14));
    expect(time).toHaveAttribute('title', expect.stringMatching(/2025/));

    const confirmed = within(lists[1] as HTMLElement).getByRole('listitem');
    expect(confirmed).toHaveTextContent('Confirmed it’s you with Google');
    expect(confirmed).toHaveTextContent('Safari on iPhone');
    // Routine: signing in again is not worth a second look.
    expect(within(activity).queryByRole('button', { name: 'Not you?' })).not.toBeInTheDocument();
  });

  it.each([
    ['a refused sign-in', { type: 'sign_in_refused_email_in_use' }, 'Refused sign-in with Google: email already registered'],
    ['a sign-in method linked', { type: 'login_linked' }, 'Google linked'],
    ['a sign-out by an administrator (a newer server’s kind)', { type: 'signed_out_by_administrator' }, 'Security event'],
  ])('highlights %s with a "Not you?"', async (_, overrides, words) => {
    activityBackend([event(2, { occurredAt: at(0, 10), ...overrides }), event(1, { occurredAt: at(0, 9) })]);
    const activity = await openActivity();
    const [notable, routine] = within(activity).getAllByRole('listitem') as [HTMLElement, HTMLElement];

    expect(notable).toHaveClass('notable');
    expect(notable).toHaveTextContent(`Worth checking: ${words}`);
    expect(within(notable).getByRole('button', { name: 'Not you?' })).toHaveAttribute('aria-expanded', 'false');
    expect(routine).not.toHaveClass('notable');
    expect(within(routine).queryByRole('button', { name: 'Not you?' })).not.toBeInTheDocument();
  });

  it('leads "Not you?" to signing out everywhere else, once confirmed, then to the sign-in methods', async () => {
    const backend = activityBackend([event(2, { occurredAt: at(0, 10), type: 'sign_in_refused_disabled' })], {
      'POST /api/auth/logout-others': new Response(null, { status: 204 }),
    });
    const activity = await openActivity();
    await within(screen.getByRole('region', { name: 'Where you’re signed in' })).findAllByRole('listitem');

    const notYou = within(activity).getByRole('button', { name: 'Not you?' });
    await userEvent.click(notYou);
    expect(notYou).toHaveAttribute('aria-expanded', 'true');
    const signOutOthers = within(activity).getByRole('button', { name: 'Sign out everywhere else' });
    await userEvent.click(signOutOthers);

    // The sessions' own confirmation: Escape does nothing, and focus comes back.
    const dialog = await screen.findByRole('dialog', { name: 'Sign out 1 other session?' });
    expect(dialog).toHaveAccessibleDescription(/If you don’t recognise this activity/);
    await userEvent.keyboard('{Escape}');
    expect(signOutOthers).toHaveFocus();
    expect(backend.requests.filter((request) => request.path === '/api/auth/logout-others')).toHaveLength(0);

    await userEvent.click(signOutOthers);
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out everywhere else' }));

    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Sign-in methods' })).toHaveFocus());
    expect(backend.requests.filter((request) => request.path === '/api/auth/logout-others')).toHaveLength(1);
    expect(within(screen.getByRole('region', { name: 'Where you’re signed in' })).getByRole('status')).toHaveTextContent('Signed out everywhere else');
  });

  it('goes straight to the sign-in methods from "Not you?" when signed in nowhere else', async () => {
    const backend = activityBackend([event(2, { occurredAt: at(0, 10), type: 'login_linked' })], {
      'GET /api/auth/sessions': json([session()]),
    });
    const activity = await openActivity();
    const sessions = screen.getByRole('region', { name: 'Where you’re signed in' });
    await within(sessions).findByText('You’re signed in on this device only.');

    await userEvent.click(within(activity).getByRole('button', { name: 'Not you?' }));
    await userEvent.click(within(activity).getByRole('button', { name: 'Sign out everywhere else' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Sign-in methods' })).toHaveFocus();
    expect(within(sessions).getByRole('status')).toHaveTextContent('You’re signed in on this device only.');
    expect(backend.requests.filter((request) => request.path === '/api/auth/logout-others')).toHaveLength(0);
  });

  it('starts each event’s sentence with a capital, whatever the provider’s name', async () => {
    activityBackend([event(1, { type: 'login_linked', provider: 'development', providerDisplayName: 'the development provider', occurredAt: at(0, 10) })]);
    const activity = await openActivity();

    expect(within(activity).getByRole('listitem')).toHaveTextContent(/^Worth checking: The development provider linked ·/);
  });

  it('leaves out the machine’s own address', async () => {
    activityBackend([event(1, { occurredAt: at(0, 10), ipAddress: '::1' })]);
    const activity = await openActivity();

    expect(within(activity).getByRole('listitem')).not.toHaveTextContent(/::1|IP address/);
  });

  it('leads "Not you?" to the sign-in methods', async () => {
    activityBackend([event(2, { occurredAt: at(0, 10), type: 'login_linked' })]);
    const activity = await openActivity();

    await userEvent.click(within(activity).getByRole('button', { name: 'Not you?' }));
    const review = within(activity).getByRole('link', { name: 'Review sign-in methods' });
    expect(review).toHaveAttribute('href', '#logins-heading');
    await userEvent.click(review);

    expect(screen.getByRole('heading', { level: 2, name: 'Sign-in methods' })).toHaveFocus();
  });
});
