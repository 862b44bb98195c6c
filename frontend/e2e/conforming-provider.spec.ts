import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { suiteRateLimits } from './global-setup';
import { algorithms, ConformingProvider, conformingClaims, conformingClient } from './support/conformingProvider';
import type { ConformingClient } from './support/conformingProvider';
import { freePort, startWebApi, webApiDll } from './support/webApi';
import type { StartedWebApi } from './support/webApi';

// The app in Production on localhost, against panva's oidc-provider on 127.0.0.1 (support/conformingProvider.ts):
// software nobody here wrote, with its strict defaults. Only this file starts them.
test.use({ server: 'conforming' });

/** One client per signing algorithm. */
const byAlgorithm = algorithms.map((algorithm) => conformingClient(`conforming${algorithm.toLowerCase()}`, algorithm));
/** Registered with one secret, configured in the app with another. */
const wrongSecret = conformingClient('conformingwrongsecret');
/** At a second provider, not started until a test says so: down when the app first needs it. */
const late = conformingClient('conforminglate');

const codeCatcher = 'e2e-caught-code';

let provider: ConformingProvider;
let lateProvider: ConformingProvider;
let app: StartedWebApi;
let dataDirectory: string;

function appSettings(providerIssuer: string, client: ConformingClient, secret = client.clientSecret): Record<string, string> {
  return {
    [`Auth__Providers__${client.name}__Authority`]: providerIssuer,
    [`Auth__Providers__${client.name}__ClientIds__0`]: client.clientId,
    [`Auth__Providers__${client.name}__ClientSecret`]: secret,
    [`Auth__Providers__${client.name}__DisplayName`]: client.displayName,
  };
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  // The providers' addresses first (the app is configured with them), their clients' redirect URIs once the app listens.
  // Beside the app's callback, a page of the app where a test takes the code itself (the ID-token sign-in).
  const redirectUri = (client: ConformingClient) => [`${app.baseUrl}/api/auth/${client.name}/callback`, `${app.baseUrl}/${codeCatcher}`];
  provider = ConformingProvider.on(await freePort(), [...byAlgorithm, wrongSecret], redirectUri);
  lateProvider = ConformingProvider.on(await freePort(), [late], redirectUri);
  dataDirectory = mkdtempSync(join(tmpdir(), 'googlelogin-e2e-conforming-'));
  const logDirectory = resolve(import.meta.dirname, '../test-results');
  mkdirSync(logDirectory, { recursive: true });
  app = await startWebApi(
    webApiDll,
    'conforming',
    dataDirectory,
    logDirectory,
    {
      ASPNETCORE_ENVIRONMENT: 'Production',
      ...suiteRateLimits,
      ...Object.assign({}, ...byAlgorithm.map((client) => appSettings(provider.issuer, client))),
      ...appSettings(provider.issuer, wrongSecret, 'not-the-registered-secret'),
      ...appSettings(lateProvider.issuer, late),
    },
    'localhost',
  );
  await provider.start();
  process.env.E2E_CONFORMING_BASE_URL = app.baseUrl;
});

test.afterAll(async () => {
  await app?.stop();
  await provider?.stop();
  await lateProvider?.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  // The provider's stock pages import a web font; nothing here reaches the internet.
  await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
});

let logins = 0;

/** Someone the provider has not seen: its development login page signs in whoever's name is typed. */
function newLogin(): string {
  logins += 1;
  return `person-${process.pid}-${Date.now()}-${logins}`;
}

/** The provider's own pages, as a person goes through them: its login form, then its consent. */
async function signInAtProvider(page: Page, issuer: string, login: string) {
  await expect(page).toHaveURL((url) => url.origin === issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function startAt(page: Page, client: ConformingClient) {
  await page.goto('/');
  await page.getByRole('link', { name: `Continue with ${client.displayName}` }).click();
}

for (const client of byAlgorithm) {
  test(`signs in by redirect with ${client.algorithm}, and shows the profile the provider gives in userinfo`, async ({ page }) => {
    const login = newLogin();

    await startAt(page, client);
    await signInAtProvider(page, provider.issuer, login);

    const claims = conformingClaims(login);
    await expect(page.getByRole('heading', { name: claims.name })).toBeVisible();
    await expect(page.getByText(claims.email)).toBeVisible();
  });
}

test('signs in again after the provider rotates its signing keys', async ({ page }) => {
  const [client] = byAlgorithm;
  if (!client) {
    throw new Error('No client is configured.');
  }
  const login = newLogin();
  await startAt(page, client);
  await signInAtProvider(page, provider.issuer, login);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await provider.rotateKeys();
  await startAt(page, client);
  await signInAtProvider(page, provider.issuer, login);

  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('cancelling at the provider comes back with a message', async ({ page }) => {
  await startAt(page, byAlgorithm[0] ?? wrongSecret);
  await page.getByRole('link', { name: '[ Cancel ]' }).click();

  // The person chose it: news, not a fault.
  await expect(page.getByRole('status').filter({ hasText: 'Sign-in was cancelled' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a client secret the provider does not know ends the sign-in with a message, not a session', async ({ page }) => {
  await startAt(page, wrongSecret);
  await signInAtProvider(page, provider.issuer, newLogin());

  await expect(page.getByRole('alert')).toContainText('The provider did not confirm your sign-in');
  await expect(page.getByRole('link', { name: `Continue with ${wrongSecret.displayName}` })).toBeVisible();
});

test('a provider down when first needed is used once it is back', async ({ page }) => {
  await startAt(page, late);
  await expect(page.getByRole('alert')).toContainText('unavailable');

  await lateProvider.start();
  // The state to wait for: a start that reaches the provider (within its failure backoff, seconds).
  await expect(async () => {
    await startAt(page, late);
    await expect(page).toHaveURL((url) => url.origin === lateProvider.issuer, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await signInAtProvider(page, lateProvider.issuer, newLogin());

  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('signs in with an ID token the provider issued for the nonce the app gave this browser', async ({ page }) => {
  const [client] = byAlgorithm;
  if (!client) {
    throw new Error('No client is configured.');
  }
  await page.goto('/');
  // What a page using the provider's own JavaScript would do: ask the app for a nonce (which binds it to this browser) ...
  const issued = await page.request.post('/api/auth/nonce', { headers: { 'X-CSRF': '1' } });
  expect(issued.status()).toBe(200);
  const { nonce } = (await issued.json()) as { nonce: string };

  // ... have the provider put it in an ID token (here through its code flow, the code taken from the address) ...
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = `${app.baseUrl}/${codeCatcher}`;
  const authorization = new URL(`${provider.issuer}/auth`);
  authorization.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    nonce,
    state: 'e2e',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  await page.goto(authorization.toString());
  await signInAtProvider(page, provider.issuer, newLogin());
  await expect(page).toHaveURL((url) => url.pathname === `/${codeCatcher}` && url.searchParams.has('code'));
  const code = new URL(page.url()).searchParams.get('code') ?? '';
  const tokens = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  expect(tokens.status).toBe(200);
  const { id_token: idToken } = (await tokens.json()) as { id_token: string };

  // ... and post both, from this browser.
  const signIn = await page.request.post(`/api/auth/${client.name}`, { headers: { 'X-CSRF': '1' }, data: { idToken, nonce } });

  expect(signIn.status()).toBe(200);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('links a second account through the redirect, confirmed on the account page, though the provider has no select_account', async ({ page }) => {
  const [first, second] = byAlgorithm;
  if (!first || !second) {
    throw new Error('Two clients are needed.');
  }
  await startAt(page, first);
  await signInAtProvider(page, provider.issuer, newLogin());
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Account' }).click();

  await page.getByRole('button', { name: `Link ${second.displayName}` }).click();
  // A fresh sign-in at the provider (prompt=login), as another person.
  await signInAtProvider(page, provider.issuer, newLogin());

  await expect(page).toHaveURL((url) => url.pathname === '/account');
  await expect(page.getByText('Add this account?')).toBeVisible();
  await page.getByRole('button', { name: 'Add this account' }).click();
  await expect(page.getByRole('button', { name: new RegExp(`^Unlink ${second.displayName}`) })).toBeVisible();
});

test('runs without Google: the page offers only the configured providers', async ({ page }) => {
  const config = (await (await page.request.get('/api/auth/config')).json()) as {
    googleClientId: string | null;
    providers: { name: string; signIn: string }[];
  };
  expect(config.googleClientId).toBeNull();
  expect(config.providers.map((offered) => `${offered.name} ${offered.signIn}`).sort()).toEqual(
    [...byAlgorithm, wrongSecret, late].map((client) => `${client.name} redirect`).sort(),
  );

  await page.goto('/');

  await expect(page.getByRole('link', { name: /^Continue with / })).toHaveCount(byAlgorithm.length + 2);
  // (The app's own name still says GoogleLogin.)
  await expect(page.getByText(/Google sign-in|with Google/)).toHaveCount(0);
});
