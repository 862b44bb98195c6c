import { expect, expectRefusedOnSignInPage, test } from './fixtures';
import { rateLimitedSignIns } from './global-setup';

// The instance kept for this test: no other test signs in there, so its allowance is known.
test.use({ server: 'rate-limited' });

test('sign-in beyond the allowance is refused with 429, and the page says how long to wait', async ({ page, google }) => {
  const signInButton = page.getByRole('button', { name: 'Sign in with Google' });
  await page.goto('/');
  for (let attempt = 0; attempt < rateLimitedSignIns.burst; attempt += 1) {
    await signInButton.click();
    await expect(page.getByText(google.account.email)).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in again' }).click();
  }

  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/auth/google');
  await signInButton.click();

  const refused = await answer;
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()['retry-after']);
  // Whole seconds, more than one (the SPA writes "1 second" alone), within the one-a-minute refill.
  expect(retryAfter).toBeGreaterThan(1);
  expect(retryAfter).toBeLessThanOrEqual(60 / rateLimitedSignIns.perMinute);
  await expectRefusedOnSignInPage(page, 'Too many sign-in attempts', `Try again in ${retryAfter} seconds.`);
});
