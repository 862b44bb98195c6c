import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, newEmail, signInWithTestEmail, test } from './fixtures';
import { expectNoAccessibilityViolations } from './support/accessibility';

// The development instance: test accounts sign in and link without Google.
test.use({ server: 'development' });

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

async function openAccountPage(page: Page) {
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeFocused();
  await expect(page).toHaveTitle('Account · GoogleLogin');
}

/** Links a typed-in email as a test account from the account page; the session is fresh, so within the window. */
async function linkTestEmail(page: Page, email: string, name: string) {
  const logins = page.getByRole('region', { name: 'Sign-in methods' });
  await logins.getByRole('button', { name: 'Link a test account' }).click();
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await chooser.getByLabel('Email').fill(email);
  await chooser.getByLabel('Name').fill(name);
  await chooser.getByRole('button', { name: 'Continue' }).click();
  await expect(logins.getByRole('status')).toHaveText(`Linked: Google · ${email}`);
  await expect(logins.getByRole('button', { name: `Unlink Google ${email}` })).toBeVisible();
}

/** Presses Tab until `target` has focus (past the listed test accounts, say), failing after ten. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 10; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Unlinks a login from the account page, answering the confirmation dialog that names it. */
async function unlink(page: Page, title: string, buttonName: string) {
  await page.getByRole('region', { name: 'Sign-in methods' }).getByRole('button', { name: buttonName }).click();
  const dialog = page.getByRole('dialog', { name: `Unlink ${title}?` });
  await expect(dialog).toContainText('You won’t be able to sign in with it any more.');
  await dialog.getByRole('button', { name: 'Unlink' }).click();
}

test('lists both browsers of one account, marks this one, and revokes the other once confirmed, which is then signed out', async ({ page, browser }) => {
  const email = newEmail('account-sessions');
  // Another browser, told apart by its User-Agent: Firefox there, Playwright's Chromium here.
  const elsewhere = await browser.newContext({ userAgent: firefox });
  const otherPage = await elsewhere.newPage();
  await signInWithTestEmail(otherPage, email, 'Sam Sessions');
  await signInWithTestEmail(page, email, 'Sam Sessions');

  await openAccountPage(page);
  const sessions = page.getByRole('region', { name: 'Where you’re signed in' });
  const rows = sessions.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  const here = rows.filter({ hasText: 'This device' });
  await expect(here).toHaveCount(1);
  await expect(here).toContainText('Chrome on Linux');
  await expect(here).toContainText('Active now');
  // The sign-in method that opened each: test accounts sign in by Google's route.
  await expect(here).toContainText(`Signed in with Google · ${email}`);
  await expect(here.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  const there = rows.filter({ hasNotText: 'This device' });
  await expect(there).toContainText('Firefox on Linux');
  // The machine's own address (the tests' loopback) is no news: left out.
  await expect(there).not.toContainText('127.0.0.1');

  // Revoking asks first, naming the device: Escape cancels, nothing happens, focus comes back.
  const revoke = there.getByRole('button', { name: /^Revoke session on Firefox on Linux/ });
  await revoke.click();
  const dialog = page.getByRole('dialog', { name: 'Sign out Firefox on Linux?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeFocused();
  await expect(rows).toHaveCount(2);
  await revoke.click();
  await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(sessions.getByRole('status')).toHaveText('Session revoked: Firefox on Linux');
  await expect(rows).toHaveCount(1);
  await expect(sessions.getByRole('status')).toBeFocused();
  // Nowhere else now: no "Sign out everywhere else".
  await expect(sessions.getByRole('button', { name: 'Sign out everywhere else' })).toHaveCount(0);

  // The revoked browser's next request finds no session; this one keeps its own.
  await otherPage.reload();
  await expect(otherPage.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await expect(rows).toHaveCount(1);
  await elsewhere.close();
});

test('links a second test account, signs in with it as the same user, and unlinks it', async ({ page }) => {
  const first = newEmail('account-first');
  const second = newEmail('account-second');
  await signInWithTestEmail(page, first, 'Lin Linker');
  await openAccountPage(page);
  const logins = page.getByRole('region', { name: 'Sign-in methods' });
  // One login: it cannot go.
  await expect(logins.getByRole('button', { name: `Unlink Google ${first}` })).toHaveAttribute('aria-disabled', 'true');

  // The same name: a sign-in refreshes the user's name and email from its token (see the profile below).
  await linkTestEmail(page, second, 'Lin Linker');
  await expect(logins.getByRole('button', { name: 'Link a test account' })).toBeFocused();

  // Signed out here at /account, the signed-out page shows; signing in again with the linked account comes back to it.
  await page.getByRole('region', { name: 'Where you’re signed in' }).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You’re signed out' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await chooser.getByLabel('Email').fill(second);
  await chooser.getByLabel('Name').fill('Lin Linker');
  await chooser.getByRole('button', { name: 'Continue' }).click();

  // The same user: both logins are its. Its email is the one of the login it last signed in with, as the
  // backend refreshes the profile from each sign-in's token.
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile).toContainText('Lin Linker');
  await expect(profile).toContainText(second);
  await expect(logins.getByRole('button', { name: `Unlink Google ${second}` })).toBeVisible();
  // The first goes: this session was opened with the second, and unlinking that would end it (next test).
  const unlinkFirst = logins.getByRole('button', { name: `Unlink Google ${first}` });
  await expect(unlinkFirst).toHaveAttribute('aria-disabled', 'false');

  // Escape changes nothing; Unlink in the dialog does.
  await unlinkFirst.click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(unlinkFirst).toBeFocused();
  await unlink(page, `Google · ${first}`, `Unlink Google ${first}`);
  await expect(logins.getByRole('status')).toHaveText(`Unlinked: Google · ${first}`);
  await expect(unlinkFirst).toHaveCount(0);
  // The one left is the last: focus is on it, and it cannot go.
  const unlinkSecond = logins.getByRole('button', { name: `Unlink Google ${second}` });
  await expect(unlinkSecond).toBeFocused();
  await expect(unlinkSecond).toHaveAttribute('aria-disabled', 'true');
});

test('unlinking the sign-in method this session was opened with signs it out and says why', async ({ page }) => {
  const first = newEmail('account-unlink-own-first');
  const second = newEmail('account-unlink-own-second');
  await signInWithTestEmail(page, first, 'Una Unlinker');
  await openAccountPage(page);
  await linkTestEmail(page, second, 'Una Unlinker');

  await unlink(page, `Google · ${first}`, `Unlink Google ${first}`);

  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('You unlinked the sign-in method this session was opened with');
});

test('links the development provider through its own page, then signs in there as the same user', async ({ page }) => {
  const first = newEmail('account-redirect-first');
  const atProvider = newEmail('account-redirect-provider');
  await signInWithTestEmail(page, first, 'Rhea Redirect');
  await openAccountPage(page);
  const logins = page.getByRole('region', { name: 'Sign-in methods' });

  await logins.getByRole('button', { name: 'Link the development provider' }).click();
  await expect(page).toHaveURL(/\/dev-identity\/authorize\?/);
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await chooser.getByLabel('Email').fill(atProvider);
  await chooser.getByLabel('Name').fill('Rhea Redirect');
  await chooser.getByRole('button', { name: 'Continue' }).click();

  // Back on the account page, still signed in as the same user, with a clean address: the provider's return
  // links nothing until the person confirms the account it shows.
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  const prompt = logins.getByRole('group', { name: 'Add this account?' });
  await expect(prompt.getByRole('heading', { name: 'Add this account?' })).toBeFocused();
  await expect(prompt).toContainText(atProvider);
  await expect(page).toHaveURL((url) => url.pathname === '/account' && url.search === '');
  await expect(logins.getByRole('button', { name: `Unlink the development provider ${atProvider}` })).toHaveCount(0);
  await prompt.getByRole('button', { name: 'Add this account' }).click();
  await expect(logins.getByRole('status')).toHaveText(`Linked: The development provider · ${atProvider}`);
  await expect(logins.getByRole('status')).toBeFocused();
  await expect(logins.getByRole('button', { name: `Unlink the development provider ${atProvider}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Profile' })).toContainText(first);

  // Signed out, the provider's own sign-in reaches the same user: both logins are listed.
  await page.getByRole('region', { name: 'Where you’re signed in' }).getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.getByRole('link', { name: 'Continue with the development provider' }).click();
  await chooser.getByLabel('Email').fill(atProvider);
  await chooser.getByLabel('Name').fill('Rhea Redirect');
  await chooser.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await expect(logins.getByRole('button', { name: `Unlink Google ${first}` })).toBeVisible();
  await expect(logins.getByRole('button', { name: `Unlink the development provider ${atProvider}` })).toBeVisible();
});

test('recent activity lists the sign-in and the link', async ({ page }) => {
  await signInWithTestEmail(page, newEmail('account-activity'), 'Ava Activity');
  await openAccountPage(page);
  const linked = newEmail('account-activity-linked');
  await linkTestEmail(page, linked, 'Ava Again');

  await page.reload();
  const activity = page.getByRole('region', { name: 'Recent activity' });
  const events = activity.getByRole('listitem');
  // Newest first, under today's heading; a new sign-in method stands out, with its "Not you?".
  await expect(activity.getByRole('heading', { level: 3, name: 'Today' })).toBeVisible();
  // Which Google account: the one linked.
  await expect(events.first()).toContainText(`Google linked · ${linked}`);
  await expect(events.first().getByRole('button', { name: 'Not you?' })).toBeVisible();
  await expect(events.filter({ hasText: 'Signed in with Google' })).toHaveCount(1);
  await expect(events.first()).toContainText('Chrome on Linux');
  await expect(activity.getByRole('button', { name: 'Show more' })).toHaveCount(0);
});

test('the account page with every section, for the README, and no taller than 1,700 px on a phone', async ({ page, browser }) => {
  // A person, not a test run: these pictures are the README's. The database is this run's own.
  // Her phone first: a second session, and a second sign-in event.
  const phone = await browser.newContext({ userAgent: iphone, viewport: { width: 375, height: 740 } });
  await signInWithTestEmail(await phone.newPage(), 'amara.okafor@example.com', 'Amara Okafor');
  await signInWithTestEmail(page, 'amara.okafor@example.com', 'Amara Okafor');
  await openAccountPage(page);
  await linkTestEmail(page, 'amara@okafor.family', 'Amara Okafor');
  await linkTestEmail(page, 'amara.okafor@work.example', 'Amara Okafor');
  // 3 sign-in methods, 2 sessions, 4 events (two sign-ins, two links); the activity loads afresh after a link.
  await expect(page.getByRole('region', { name: 'Sign-in methods' }).getByRole('button', { name: /^Unlink / })).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Where you’re signed in' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem')).toHaveCount(4);
  await page.getByRole('heading', { level: 1, name: 'Account' }).focus();

  const folders = [resolve(import.meta.dirname, '../test-results/screenshots')];
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    folders.push(resolve(import.meta.dirname, '../../docs/screenshots'));
  }
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: `${folder}/account.png`, fullPage: true });
    // The README's first screen: the top of the page, as a browser window shows it.
    await page.screenshot({ path: `${folder}/overview.png` });
  }

  await page.setViewportSize({ width: 375, height: 740 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // Where the height goes, when it grows: the run's own picture of the page at a phone's width.
  await page.screenshot({ path: `${folders[0]}/account-phone.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1700);
  await phone.close();
});

// The Google instance, with Acme SSO beside Google: a user who signed in by redirect links Google with its button.
test.describe('with Google configured', () => {
  test.use({ server: 'google' });

  test('links a Google account with Google’s button, then signs in with it as the same user', async ({ page, google }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Continue with Acme SSO' }).click();
    await page.getByRole('link', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Acme Person' })).toBeVisible();

    await openAccountPage(page);
    const logins = page.getByRole('region', { name: 'Sign-in methods' });
    await expect(logins.getByRole('button', { name: /^Unlink Acme SSO/ })).toHaveAttribute('aria-disabled', 'true');
    // Acme is linked already: only Google is offered.
    await expect(logins.getByRole('button', { name: 'Link Acme SSO', exact: true })).toHaveCount(0);
    await expect(logins.getByText('Link Google', { exact: true })).toBeVisible();

    await logins.getByRole('button', { name: 'Sign in with Google' }).click();
    // The section's one status (Google's button shows its wait without one of its own).
    const linked = logins.getByRole('status');
    await expect(linked).toHaveText(`Linked: Google · ${google.account.email}`);
    await expect(linked).toBeFocused();
    await expect(logins.getByRole('button', { name: `Unlink Google ${google.account.email}` })).toBeVisible();
    await expect(logins.getByText('Link Google', { exact: true })).toHaveCount(0);

    await page.getByRole('region', { name: 'Where you’re signed in' }).getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    await expect(logins.getByRole('button', { name: /^Unlink Acme SSO/ })).toBeVisible();
    await expect(logins.getByRole('button', { name: `Unlink Google ${google.account.email}` })).toBeVisible();
  });
});

// The page told the sign-in is no longer recent (as after ten minutes), on the ordinary instance: it confirms it's you
// in place with the server's real re-authentication, then finishes the link. (The server's own window: tests/Functional.)
test('says so before a link starts when the sign-in is no longer recent, confirms it’s you in place by keyboard, and finishes the link signed in', async ({ page }) => {
  const email = newEmail('account-reauthenticate');
  const second = newEmail('account-reauthenticate-second');
  await signInWithTestEmail(page, email, 'Rey Reauth');
  // The account page's one GET /api/session answers that the recent sign-in ended a minute ago; the rest is real.
  await page.route(
    '**/api/session',
    async (route) => {
      const response = await route.fetch();
      const session = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...session, recentSignInUntil: new Date(Date.now() - 60_000).toISOString() } });
    },
    { times: 1 },
  );
  await openAccountPage(page);
  const logins = page.getByRole('region', { name: 'Sign-in methods' });

  // The section says so before anything starts.
  await expect(logins.getByText('Adding or removing a sign-in method needs a sign-in from the last 10 minutes.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // Keyboard only from the page's heading: past the notice's own "Confirm it’s you" and the last login's Unlink.
  await page.keyboard.press('Tab');
  await expect(logins.getByRole('button', { name: 'Confirm it’s you' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(logins.getByRole('button', { name: `Unlink Google ${email}` })).toBeFocused();
  await tabTo(page, logins.getByRole('button', { name: 'Link a test account' }));
  await page.keyboard.press('Enter');

  const panel = logins.getByRole('group', { name: 'Confirm it’s you' });
  await expect(panel.getByRole('heading', { name: 'Confirm it’s you' })).toBeFocused();
  // The dark look too: the panel has an edge of its own.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoAccessibilityViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Confirm with a test account' })).toBeFocused();
  await page.keyboard.press('Enter');
  const chooser = panel.getByRole('group', { name: 'Choose a test account' });
  await expect(chooser.getByRole('heading', { name: 'Choose a test account' })).toBeFocused();
  await tabTo(page, chooser.getByLabel('Email'));
  await page.keyboard.insertText(email);
  // The server's own re-authentication, as the same user.
  const reauthenticated = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/auth/reauthenticate/google');
  await page.keyboard.press('Enter');
  expect((await reauthenticated).status()).toBe(200);

  // Confirmed in place: the same page, still signed in, with the link it was for ready to go on.
  await expect(logins.getByRole('status')).toHaveText('Confirmed it’s you');
  await expect(panel).toHaveCount(0);
  const linkButton = logins.getByRole('button', { name: 'Link a test account' });
  await expect(linkButton).toBeFocused();
  await page.keyboard.press('Enter');
  const linkChooser = logins.getByRole('group', { name: 'Choose a test account' });
  await expect(linkChooser.getByRole('heading', { name: 'Choose a test account' })).toBeFocused();
  await tabTo(page, linkChooser.getByLabel('Email'));
  await page.keyboard.insertText(second);
  await page.keyboard.press('Enter');

  await expect(logins.getByRole('status')).toHaveText(`Linked: Google · ${second}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);
});
