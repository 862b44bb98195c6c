import { expect, test, newEmail } from './fixtures';
import { expectNoAccessibilityViolations } from './support/accessibility';

test.describe('through the development provider', () => {
  test.use({ server: 'development' });

  test('signs in by redirect through the development provider’s own page and comes back signed in', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign in with a test account' })).toBeVisible();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Continue with the development provider' }).click();

    await expect(page).toHaveURL(/\/dev-identity\/authorize\?.*code_challenge_method=S256/);
    await expect(page).toHaveTitle('Sign in · Development identity provider');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
    await expect(page.getByText('googlelogin-development-redirect')).toBeVisible();
    const chooser = page.getByRole('group', { name: 'Choose a test account' });
    await expect(chooser.getByRole('button', { name: /Sign in as Ada Lovelace/ })).toBeVisible();
    await expectNoAccessibilityViolations(page);

    const email = newEmail('redirect');
    await chooser.getByLabel('Email').fill(email);
    await chooser.getByLabel('Name').fill('Rita Redirect');
    await chooser.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { name: 'Rita Redirect' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Rita Redirect' })).toBeVisible();
  });

  test('cancelling at the development provider comes back with a message, and the address is clean', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Continue with the development provider' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // News, not a fault: a status, and no alert.
    await expect(page.getByRole('status').filter({ hasText: 'Sign-in was cancelled' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    // The error taken out of the address, the profile at / sends the visitor to sign in.
    await expect(page).toHaveURL((url) => url.pathname === '/sign-in' && url.search === '');
    await expectNoAccessibilityViolations(page);
  });
});

// The Google instance, configured with a second provider beside Google; the google fixture keeps its page off the network.
test.describe('through a configured provider', () => {
  test('signs in by redirect at a provider configured by its issuer, its token endpoint checking PKCE', async ({ page, google }) => {
    void google;
    await page.goto('/');
    await expect(page.getByText('Choose how to sign in.')).toBeVisible();

    await page.getByRole('link', { name: 'Continue with Acme SSO' }).click();

    await expect(page.getByRole('heading', { name: 'Acme SSO' })).toBeVisible();
    const email = (await page.locator('#email').textContent()) ?? '';
    expect(email).toMatch(/@acme\.example$/);
    await page.getByRole('link', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { name: 'Acme Person' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
  });

  test('cancelling at the provider comes back with a message', async ({ page, google }) => {
    void google;
    await page.goto('/');
    await page.getByRole('link', { name: 'Continue with Acme SSO' }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Sign-in was cancelled' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Continue with Acme SSO' })).toBeVisible();
  });
});
