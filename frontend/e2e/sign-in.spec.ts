import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, expectRefusedOnSignInPage, signIn, test } from './fixtures';

const screenshots = resolve(import.meta.dirname, '../test-results/screenshots');
const readmeScreenshots = resolve(import.meta.dirname, '../../docs/screenshots');

async function screenshot(page: import('@playwright/test').Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}/${name}.png` });
  // UPDATE_SCREENSHOTS=1 refreshes the pictures in the README.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(readmeScreenshots, { recursive: true });
    await page.screenshot({ path: `${readmeScreenshots}/${name}.png` });
  }
}

test('signs in with Google and shows the profile', async ({ page, google }) => {
  await page.goto('/');
  const button = page.getByRole('button', { name: 'Sign in with Google' });
  await expect(button).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await screenshot(page, 'sign-in');

  await button.click();

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByText(google.account.email)).toBeVisible();
  await expect(page.getByRole('img', { name: 'Profile picture of Ada Lovelace' })).toHaveAttribute(
    'src',
    `https://lh3.googleusercontent.com/a/${google.account.sub}`,
  );
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await screenshot(page, 'profile');

  // The session is only an HttpOnly cookie: scripts see no token anywhere.
  const storage = await page.evaluate(() => ({
    cookies: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
  }));
  expect(storage).toEqual({ cookies: '', local: 0, session: 0 });
  // Production over plain HTTP on 127.0.0.1: the browser takes Secure, __Host- cookies from a loopback origin.
  // The session cookie, and the pre-login cookie that bound the nonce to this browser (kept until it lapses).
  const cookies = await page.context().cookies();
  expect(cookies.map((cookie) => cookie.name).sort()).toEqual(['__Host-gl-nonce-binding', '__Host-gl-session']);
  for (const cookie of cookies) {
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
  }
});

test('stays signed in across a reload', async ({ page, google }) => {
  await signIn(page);
  await expect(page.getByText(google.account.email)).toBeVisible();

  await page.reload();

  await expect(page.getByText(google.account.email)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('signs out, to a page of its own that a reload keeps, and signs in again from there', async ({ page, google }) => {
  await signIn(page);
  await expect(page.getByText(google.account.email)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === '/signed-out');
  expect(await page.evaluate(() => (window as { __googleAutoSelectDisabled?: boolean }).__googleAutoSelectDisabled)).toBe(true);
  await page.reload();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();
  // No session cookie; only the pre-login cookie of the next sign-in's nonce.
  expect((await page.context().cookies()).map((cookie) => cookie.name)).toEqual(['__Host-gl-nonce-binding']);
});

test('shows why when the backend rejects the token, and a real token then works', async ({ page, google }) => {
  google.forge = true;
  await signIn(page);

  await expectRefusedOnSignInPage(page, 'Sign-in failed', 'couldn’t be verified');

  google.forge = false;
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  await expect(page.getByText(google.account.email)).toBeVisible();
});

test('explains when Google’s script cannot load, and recovers on retry', async ({ page, google }) => {
  google.unreachable = true;
  await page.goto('/');

  await expect(page.getByRole('alert')).toContainText('Google sign-in could not be loaded');
  await screenshot(page, 'google-unavailable');

  google.unreachable = false;
  // By keyboard: the retry's button goes, and focus follows to Google's button's frame, then into it.
  await page.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Sign in with Google' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeFocused();
});

test('is usable by keyboard alone', async ({ page, google }) => {
  await page.goto('/');
  const button = page.getByRole('button', { name: 'Sign in with Google' });
  await expect(button).toBeVisible();

  // Each page puts focus on its heading; the next Tab stop is the sign-in button.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(google.account.email)).toBeVisible();

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeFocused();
  // Signing out from the header's user menu: back from the heading to its button, open, down to Sign out.
  await page.keyboard.press('Shift+Tab');
  const menuButton = page.getByRole('banner').getByRole('button', { name: 'Ada Lovelace' });
  await expect(menuButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Account' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Account' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeFocused();
  await expect(page).toHaveURL((url) => url.pathname === '/signed-out');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Sign in again' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeFocused();
  // A new button, for a new nonce: Tab can reach it once it is there.
  await expect(button).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
});

test('fits a phone-width screen', async ({ page, google }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page);
  await expect(page.getByText(google.account.email)).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
