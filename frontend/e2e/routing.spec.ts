import type { Page } from '@playwright/test';
import { expect, test, newEmail } from './fixtures';

// The development instance: its own identity provider signs in, with no network.
test.use({ server: 'development' });

/** Every console error or warning, and every 4xx or 5xx answer, while the page is used. */
function watchForNoise(page: Page) {
  const noise: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      noise.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => noise.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      noise.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    }
  });
  return noise;
}

test('a signed-out visitor’s pages load with no console error or warning and no 4xx answer', async ({ page }) => {
  const noise = watchForNoise(page);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
  await expect(page).toHaveTitle('Sign in · GoogleLogin');

  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/account');

  await page.goto('/settings/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeFocused();
  await expect(page).toHaveTitle('Page not found · GoogleLogin');

  await page.goto('/signed-out');
  await expect(page.getByRole('heading', { level: 1, name: 'You’re signed out' })).toBeFocused();
  await expect(page).toHaveTitle('Signed out · GoogleLogin');

  expect(noise).toEqual([]);
});

test('an unknown page says "Page not found" and links home; an unknown API path stays an API 404', async ({ page }) => {
  await page.goto('/settings/billing');

  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeFocused();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();

  const api = await page.request.get('/api/settings/billing');
  expect(api.status()).toBe(404);
  expect(api.headers()['content-type']).toContain('application/problem+json');
});

test('signing in from a page behind sign-in comes back to that page', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');

  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await chooser.getByLabel('Email').fill(newEmail('routing-return'));
  await chooser.getByLabel('Name').fill('Rory Return');
  await chooser.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeFocused();
  await expect(page).toHaveURL((url) => url.pathname === '/account' && url.search === '');
  await expect(page.getByRole('link', { name: 'Account', exact: true })).toHaveAttribute('aria-current', 'page');
});
