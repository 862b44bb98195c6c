import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './fixtures';
import { claimsOf, recordSignInTraffic } from './support/signInTraffic';

// The instance started in Development with no Google client ID: its own identity provider signs in.
test.use({ server: 'development' });

test('signs in as a test account with no Google account or network, then signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await expect(chooser.getByRole('button', { name: /Sign in as Grace Hopper/ })).toBeVisible();
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const folder = resolve(import.meta.dirname, '../../docs/screenshots');
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: `${folder}/development-chooser.png`, fullPage: true });
  }
  await page.screenshot({ path: resolve(import.meta.dirname, '../test-results/screenshots/development-chooser.png'), fullPage: true });

  await chooser.getByRole('button', { name: /Sign in as Grace Hopper/ }).click();

  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await expect(page.getByText('grace@gmail.com')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with a test account' })).toBeVisible();
});

test('signs in as any typed email', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();

  await page.getByLabel('Email').fill('mary@example.org');
  await page.getByLabel('Name').fill('Mary Somerville');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Mary Somerville' })).toBeVisible();
  await expect(page.getByText('mary@example.org')).toBeVisible();
});

test('mints each test token with a fresh nonce and signs in with that nonce', async ({ page }) => {
  const traffic = recordSignInTraffic(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  await page.getByRole('group', { name: 'Choose a test account' }).getByRole('button', { name: /Sign in as Ada Lovelace/ }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  await page.getByRole('group', { name: 'Choose a test account' }).getByRole('button', { name: /Sign in as Ada Lovelace/ }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  const { issuedNonces: issued, mintRequests, mintedTokens, signIns } = await traffic.settled({
    issuedNonces: 2,
    mintRequests: 2,
    mintedTokens: 2,
    signIns: 2,
  });
  expect(issued[0]).not.toBe(issued[1]);
  expect(mintRequests.map((body) => body.nonce)).toEqual(issued);
  expect(mintedTokens.map((token) => claimsOf(token).nonce)).toEqual(issued);
  expect(signIns).toEqual([
    { idToken: mintedTokens[0], nonce: issued[0] },
    { idToken: mintedTokens[1], nonce: issued[1] },
  ]);
});
