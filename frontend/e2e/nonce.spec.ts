import { expect, expectRefusedOnSignInPage, newGoogleAccount, signIn, test } from './fixtures';
import { claimsOf, recordSignInTraffic } from './support/signInTraffic';

// Replay protection: every sign-in carries a single-use nonce that the backend issued.

test('Google gets the nonce the backend issued, and the token and the body bring it back', async ({ page, google }) => {
  const traffic = recordSignInTraffic(page);

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();
  const { issuedNonces, nonceResponses } = await traffic.settled({ issuedNonces: 1, nonceResponses: 1 });
  const [issued] = issuedNonces;
  // Base64url of its expiry, 128 random bits and two 128-bit tags.
  expect(issued).toMatch(/^[A-Za-z0-9_-]{75}$/);
  expect(nonceResponses).toEqual([{ method: 'POST', csrf: '1', status: 200, cacheControl: 'no-store' }]);
  // The nonce is bound to this browser by an HttpOnly pre-login cookie that scripts cannot read.
  const binding = (await page.context().cookies()).find((cookie) => cookie.name === '__Host-gl-nonce-binding');
  expect(binding).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });

  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  await expect(page.getByText(google.account.email)).toBeVisible();
  const {
    signIns: [body],
  } = await traffic.settled({ signIns: 1 });
  expect(body?.nonce).toBe(issued);
  expect(claimsOf(body?.idToken ?? '')).toMatchObject({ sub: google.account.sub, nonce: issued });
});

test('a sign-in request cannot be replayed: its nonce is used up', async ({ page, google }) => {
  const traffic = recordSignInTraffic(page);
  await signIn(page);
  await expect(page.getByText(google.account.email)).toBeVisible();
  const {
    signIns: [accepted],
  } = await traffic.settled({ signIns: 1 });

  const replay = await page.request.post('/api/auth/google', {
    headers: { 'X-CSRF': '1' },
    data: accepted,
  });

  expect(replay.status()).toBe(401);
  expect(await replay.json()).toMatchObject({ code: 'token_rejected', title: 'Sign-in failed' });
});

test('a token taken to another browser is refused there, and the browser that asked for its nonce still signs in', async ({
  page,
  browser,
  google,
}) => {
  const traffic = recordSignInTraffic(page);
  // The page's own sign-in request is held back: the token and nonce are captured before use.
  await page.route('/api/auth/google', (route) => route.abort());
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  const {
    signIns: [captured],
  } = await traffic.settled({ signIns: 1 });

  const elsewhere = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const stolen = await elsewhere.request.post('/api/auth/google', { headers: { 'X-CSRF': '1' }, data: captured });
  await elsewhere.close();
  const own = await page.request.post('/api/auth/google', { headers: { 'X-CSRF': '1' }, data: captured });

  expect(stolen.status()).toBe(401);
  expect(own.status()).toBe(200);
  expect(await own.json()).toMatchObject({ email: google.account.email });
});

test('a refused attempt brings a new nonce and a new button, and that one signs in', async ({ page, google }) => {
  const traffic = recordSignInTraffic(page);
  google.forge = true;
  await signIn(page);
  await expect(page.getByRole('alert')).toContainText('Sign-in failed');

  google.forge = false;
  await traffic.settled({ issuedNonces: 2 });
  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  await expect(page.getByText(google.account.email)).toBeVisible();
  const {
    issuedNonces: [first, second],
    signIns,
  } = await traffic.settled({ issuedNonces: 2, signIns: 2 });
  expect(first).not.toBe(second);
  expect(signIns.map((body) => body.nonce)).toEqual([first, second]);
  expect(signIns.map((body) => claimsOf(body.idToken).nonce)).toEqual([first, second]);
});

test('a nonce near its expiry is replaced, on a new button, and the new one signs in', async ({ page, google }) => {
  const traffic = recordSignInTraffic(page);
  await page.clock.install();
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();
  await traffic.settled({ issuedNonces: 1 });

  // The backend accepts a nonce for five minutes; the page renews it after four.
  await page.clock.fastForward('04:01');
  await traffic.settled({ issuedNonces: 2 });
  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  await expect(page.getByText(google.account.email)).toBeVisible();
  const {
    issuedNonces: [, renewed],
    signIns,
  } = await traffic.settled({ issuedNonces: 2, signIns: 1 });
  expect(signIns.map((body) => body.nonce)).toEqual([renewed]);
  // Google only learns a nonce when its button is rendered: the token proves the button was new.
  expect(claimsOf(signIns[0]?.idToken ?? '').nonce).toBe(renewed);
});

test('signing out fetches a new nonce for the next sign-in', async ({ page, google }) => {
  const traffic = recordSignInTraffic(page);
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in again' }).click();

  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  await expect(page.getByText(google.account.email)).toBeVisible();
  const { issuedNonces, signIns } = await traffic.settled({ issuedNonces: 2, signIns: 2 });
  expect(new Set(issuedNonces).size).toBe(2);
  expect(signIns.map((body) => body.nonce)).toEqual(issuedNonces);
});

test('another Google account with an already registered email is refused, with the reason shown', async ({ page, google }) => {
  const first = google.account;
  await signIn(page);
  await expect(page.getByText(first.email)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in again' }).click();

  // A different Google account (another `sub`) that claims the same verified email.
  google.account = newGoogleAccount(first.email);
  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  await expectRefusedOnSignInPage(page, 'This email is already registered', 'belongs to an account that signs in with Google');

  // The first account still signs in, with the next nonce.
  google.account = first;
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  await expect(page.getByText(first.email)).toBeVisible();
});
