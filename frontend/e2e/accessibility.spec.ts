import type { Locator, Page } from '@playwright/test';
import { expect, test, newEmail, signInWithTestEmail } from './fixtures';
import { expectFocusKept, expectNoAccessibilityViolations } from './support/accessibility';
import { holdRequests } from './support/heldRequests';

// Every page and state, checked by axe-core in each colour scheme at a desktop's width and a phone's: the
// four looks are taken of the same state, one after another, so each journey runs once.
const looks = [
  { name: 'light, desktop', colorScheme: 'light', viewport: { width: 1024, height: 720 } },
  { name: 'dark, desktop', colorScheme: 'dark', viewport: { width: 1024, height: 720 } },
  { name: 'dark, phone', colorScheme: 'dark', viewport: { width: 375, height: 740 } },
  { name: 'light, phone', colorScheme: 'light', viewport: { width: 375, height: 740 } },
] as const;

// The page background of each scheme in styles.css: proof the scheme asked for is the one checked.
const background = { light: 'rgb(243, 245, 248)', dark: 'rgb(13, 17, 23)' };

/** In each look: the scheme is the one asked for, nothing is wider than the screen, and axe finds nothing. */
async function expectAccessible(page: Page) {
  for (const look of looks) {
    await page.setViewportSize(look.viewport);
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), { message: look.name }).toBe(background[look.colorScheme]);
    // Polled: what measures its space (Google's button) is drawn afresh once the width has changed.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: look.name }).toBeLessThanOrEqual(look.viewport.width);
    await expectNoAccessibilityViolations(page, look.name);
  }
  // The journey goes on as it began.
  await page.setViewportSize(looks[0].viewport);
  await page.emulateMedia({ colorScheme: looks[0].colorScheme });
}

test.describe('in every look', () => {
  test.use({ colorScheme: looks[0].colorScheme, viewport: looks[0].viewport });
  // Four axe runs a state: a longer limit than a journey's, which waits for nothing longer.
  test.describe.configure({ timeout: 90_000 });

  test('Google sign-in: the sign-in page, signing in, the profile, signing out, a refusal, an unreachable server', async ({ page, google }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();
    await expectAccessible(page);

    const releaseSignIn = await holdRequests(page, '/api/auth/google');
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    await expect(page.getByRole('status')).toHaveText('Signing you in…');
    await expectAccessible(page);
    releaseSignIn();

    await expect(page.getByText(google.account.email)).toBeVisible();
    await expect(page.getByRole('img', { name: 'Profile picture of Ada Lovelace' })).toBeVisible();
    await expectAccessible(page);

    const releaseSignOut = await holdRequests(page, '/api/auth/logout');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Signing out…' })).toBeVisible();
    await expectAccessible(page);
    releaseSignOut();
    await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();
    await expectAccessible(page);

    await page.goto('/?signInError=access_denied');
    await expect(page.getByRole('status').filter({ hasText: 'Sign-in was cancelled' })).toBeVisible();
    await expectAccessible(page);

    await page.route('**/api/auth/config', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expectAccessible(page);
  });

  test('Google’s script unreachable', async ({ page, google }) => {
    google.unreachable = true;
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('Google sign-in could not be loaded');
    await expectAccessible(page);
  });

  test.describe('development sign-in', () => {
    test.use({ server: 'development' });

    test('the sign-in page, the chooser, its email errors, signing in', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('button', { name: 'Sign in with a test account' })).toBeVisible();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Sign in with a test account' }).click();
      const chooser = page.getByRole('group', { name: 'Choose a test account' });
      await expect(chooser.getByRole('button', { name: /^Sign in as Ada Lovelace/ })).toBeVisible();
      await expectAccessible(page);

      const email = chooser.getByLabel('Email');
      await chooser.getByRole('button', { name: 'Continue' }).click();
      await expect(email).toHaveAccessibleDescription('Enter an email address.');
      await expectAccessible(page);

      // Good enough for the page's own check, not for the provider's: its message comes back beside the field.
      await email.fill('x@y');
      await chooser.getByRole('button', { name: 'Continue' }).click();
      await expect(email).toHaveAccessibleDescription(/type an email address such as someone@example\.com/);
      await expectAccessible(page);

      const release = await holdRequests(page, '/api/auth/google');
      await email.fill(newEmail('a11y'));
      await chooser.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('status')).toHaveText('Signing you in…');
      await expectAccessible(page);
      release();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expectAccessible(page);

      // The header's user menu, open (the development banner above it all along).
      await page.getByRole('banner').getByRole('button').click();
      await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
      await expectAccessible(page);
    });

    test('the account page: every section, linking, "Not you?", the confirmations, signing out elsewhere', async ({ page, browser }) => {
      const email = newEmail('a11y-account');
      const elsewhere = await browser.newContext();
      await signInWithTestEmail(await elsewhere.newPage(), email, 'Axe Account');
      await signInWithTestEmail(page, email, 'Axe Account');
      await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Account' }).click();
      const logins = page.getByRole('region', { name: 'Sign-in methods' });
      const sessions = page.getByRole('region', { name: 'Where you’re signed in' });
      await expect(logins.getByRole('button', { name: /^Unlink / })).toHaveAttribute('aria-disabled', 'true');
      await expect(sessions.getByRole('listitem')).toHaveCount(2);
      // Every section has loaded, the activity with its events.
      await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toBeVisible();
      await expectAccessible(page);

      await logins.getByRole('button', { name: 'Link a test account' }).click();
      const chooser = page.getByRole('group', { name: 'Choose a test account' });
      await expect(chooser).toBeVisible();
      await expectAccessible(page);
      // A link is a notable event: tinted, with its "Not you?" open.
      await chooser.getByLabel('Email').fill(newEmail('a11y-account-linked'));
      await chooser.getByLabel('Name').fill('Axe Account');
      await chooser.getByRole('button', { name: 'Continue' }).click();
      await expect(logins.getByRole('status')).toHaveText(/^Linked: Google · a11y-account-linked-/);
      const activity = page.getByRole('region', { name: 'Recent activity' });
      await activity.getByRole('button', { name: 'Not you?' }).click();
      await expect(activity.getByRole('link', { name: 'Review sign-in methods' })).toBeVisible();
      await expectAccessible(page);

      // The confirmation, open (Revoke's is the same dialog, with other words).
      const releaseSignOut = await holdRequests(page, '/api/auth/logout-others');
      await sessions.getByRole('button', { name: 'Sign out everywhere else' }).click();
      const confirmation = page.getByRole('dialog', { name: 'Sign out 1 other session?' });
      await expect(confirmation).toBeVisible();
      await expectAccessible(page);
      await confirmation.getByRole('button', { name: 'Sign out everywhere else' }).click();
      await expect(sessions.getByRole('status')).toHaveText('Signing out other sessions…');
      releaseSignOut();
      await expect(sessions.getByRole('status')).toHaveText('Signed out everywhere else');
      await expectAccessible(page);
      await elsewhere.close();
    });

    test('the development provider’s authorization page, and its email error', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Continue with the development provider' }).click();
      const chooser = page.getByRole('group', { name: 'Choose a test account' });
      await expect(chooser.getByRole('button', { name: /^Sign in as Ada Lovelace/ })).toBeVisible();
      await expectAccessible(page);

      await chooser.getByLabel('Email').fill('x@y');
      await chooser.getByRole('button', { name: 'Continue' }).click();
      await expect(chooser.getByLabel('Email')).toHaveAccessibleDescription(/type an email address such as someone@example\.com/);
      await expectAccessible(page);
    });
  });
});

/** Presses Tab until `target` has focus, and fails if it is not reached within `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 20) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Presses `key`; focus must then be on an element, never dropped to the page. */
async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  await expectFocusKept(page);
}

test.describe('by keyboard alone', () => {
  test.use({ server: 'development' });

  test('the chooser opens, is reached control by control, closes on Escape and Cancel, explains a bad email, and signs in and out', async ({ page }) => {
    await page.goto('/');
    const open = page.getByRole('button', { name: 'Sign in with a test account' });
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeFocused();
    await expect(page).toHaveTitle('Sign in · GoogleLogin');

    // The page's controls in order, and back.
    await press(page, 'Tab');
    await expect(open).toBeFocused();
    await press(page, 'Tab');
    await expect(page.getByRole('link', { name: 'Continue with the development provider' })).toBeFocused();
    await press(page, 'Shift+Tab');
    await expect(open).toBeFocused();

    // Opened: its heading first, then every control in order.
    await press(page, 'Enter');
    const chooser = page.getByRole('group', { name: 'Choose a test account' });
    await expect(chooser.getByRole('heading', { name: 'Choose a test account' })).toBeFocused();
    await expect(page).toHaveTitle('Choose a test account · GoogleLogin');
    const accounts = await chooser.getByRole('button', { name: /^Sign in as / }).all();
    expect(accounts.length).toBeGreaterThan(1);
    const email = chooser.getByLabel('Email');
    const controls = [...accounts, email, chooser.getByLabel('Name'), chooser.getByRole('button', { name: 'Continue' }), chooser.getByRole('button', { name: 'Cancel' })];
    for (const control of controls) {
      await press(page, 'Tab');
      await expect(control).toBeFocused();
    }

    // Escape from anywhere in it closes it, back to the button that opened it.
    await press(page, 'Shift+Tab');
    await press(page, 'Escape');
    await expect(chooser).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(page).toHaveTitle('Sign in · GoogleLogin');

    // An empty email, then one only the provider refuses: each explained beside the field, which keeps focus.
    await press(page, 'Enter');
    await tabTo(page, email);
    await press(page, 'Enter');
    await expect(email).toBeFocused();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription('Enter an email address.');
    await page.keyboard.type('x@y');
    await press(page, 'Enter');
    await expect(email).toHaveAccessibleDescription(/type an email address such as someone@example\.com/);
    await expect(email).toBeFocused();

    // Cancel, by keyboard, also gives focus back.
    await tabTo(page, chooser.getByRole('button', { name: 'Cancel' }));
    await press(page, 'Enter');
    await expect(open).toBeFocused();

    // Signing in: focus waits on the status, then lands on the profile's heading.
    await press(page, 'Enter');
    await tabTo(page, accounts[0] as Locator);
    const releaseSignIn = await holdRequests(page, '/api/auth/google');
    await press(page, 'Enter');
    await expect(page.getByRole('status')).toHaveText('Signing you in…');
    await expect(page.getByRole('status')).toBeFocused();
    releaseSignIn();
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeFocused();
    await expect(page).toHaveTitle('Ada Lovelace · GoogleLogin');

    // Signing out: focus stays on the button until the signed-out page's heading takes it.
    await press(page, 'Tab');
    const signOut = page.getByRole('button', { name: /^Sign(ing)? out/ });
    await expect(signOut).toBeFocused();
    const releaseSignOut = await holdRequests(page, '/api/auth/logout');
    await press(page, 'Enter');
    await expect(signOut).toHaveText('Signing out…');
    await expect(signOut).toBeFocused();
    releaseSignOut();
    await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeFocused();
    await expectFocusKept(page);
  });

  test('the account page: reached from the header, a session revoked through its dialog, focus never on the page', async ({ page, browser }) => {
    const email = newEmail('a11y-keyboard-account');
    const elsewhere = await browser.newContext();
    await signInWithTestEmail(await elsewhere.newPage(), email, 'Kim Keys');
    await signInWithTestEmail(page, email, 'Kim Keys');
    await expect(page.getByRole('heading', { level: 1, name: 'Kim Keys' })).toBeFocused();

    await tabTo(page, page.getByRole('link', { name: 'Account' }));
    await press(page, 'Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeFocused();
    await expect(page).toHaveTitle('Account · GoogleLogin');

    const sessions = page.getByRole('region', { name: 'Where you’re signed in' });
    await expect(sessions.getByRole('listitem')).toHaveCount(2);
    const revoke = sessions.getByRole('button', { name: /^Revoke session on / });
    await tabTo(page, revoke, 30);
    await press(page, 'Enter');
    // The confirmation: focus on Cancel; Escape closes it, nothing happens, and focus is back on Revoke.
    const dialog = page.getByRole('dialog', { name: /^Sign out .+\?$/ });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await press(page, 'Escape');
    await expect(dialog).toBeHidden();
    await expect(revoke).toBeFocused();
    await expect(sessions.getByRole('listitem')).toHaveCount(2);
    // Again, on to its "Sign out" (Tab stays inside the dialog).
    await press(page, 'Enter');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await press(page, 'Tab');
    await expect(dialog.getByRole('button', { name: 'Sign out', exact: true })).toBeFocused();
    await press(page, 'Enter');
    // The row is gone, and no other to go to: focus waits on the news.
    await expect(sessions.getByRole('status')).toHaveText(/^Session revoked: /);
    await expect(sessions.getByRole('status')).toBeFocused();
    await expect(revoke).toHaveCount(0);
    await expect(sessions.getByRole('button', { name: 'Sign out everywhere else' })).toHaveCount(0);
    await expectFocusKept(page);

    // Back to the profile with the browser's Back, focus on its heading.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Kim Keys' })).toBeFocused();
    await elsewhere.close();
  });

  test('the development provider’s page: its heading has focus, Escape does not leave, an account is typed in by keyboard', async ({ page }) => {
    await page.goto('/');
    await tabTo(page, page.getByRole('link', { name: 'Continue with the development provider' }));
    // Leaves for the provider's page, which puts focus on its heading as it loads.
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
    const chooser = page.getByRole('group', { name: 'Choose a test account' });
    const grace = chooser.getByRole('button', { name: /^Sign in as Grace Hopper/ });
    await tabTo(page, grace);
    await press(page, 'Escape');
    await expect(page).toHaveURL(/\/dev-identity\/authorize\?/);
    await expect(grace).toBeFocused();

    // A fresh email, not a listed account: development-sign-in.spec signs in as those by ID token, as another login.
    await tabTo(page, chooser.getByLabel('Email'));
    await page.keyboard.type(newEmail('a11y'));
    await press(page, 'Tab');
    await page.keyboard.type('Kay Keyboard');
    // Back to the app, signed in: focus on the profile's heading.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Kay Keyboard' })).toBeFocused();
  });
});
