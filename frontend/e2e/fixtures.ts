import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { googleClaims, TestGoogleIdentity } from './support/googleIdentity';
import type { GoogleAccount } from './support/googleIdentity';

const standInScript = readFileSync(resolve(import.meta.dirname, 'support/gsi-standin.js'), 'utf8');
const avatarSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" fill="#7e57c2"/>' +
  '<circle cx="48" cy="38" r="18" fill="#ede7f6"/><rect x="18" y="62" width="60" height="40" rx="30" fill="#ede7f6"/></svg>';

export interface GoogleStandIn {
  /** Who the stand-in signs in as when its button is clicked. */
  account: GoogleAccount;
  /** Sign with a key the backend does not trust, as a forger would. */
  forge: boolean;
  /** Make Google's script fail to load, as when offline or blocked. */
  unreachable: boolean;
}

interface Fixtures {
  google: GoogleStandIn;
}

interface Options {
  /**
   * Which running instance the test talks to: configured for Google, in development sign-in mode,
   * or configured for Google with a sign-in allowance of one (for one test only: see global-setup);
   * nginx in front of two instances on PostgreSQL (started by several-instances.spec.ts itself), or an
   * instance configured only for panva's oidc-provider (started by conforming-provider.spec.ts).
   */
  server: 'google' | 'development' | 'rate-limited' | 'instances' | 'conforming';
}

// Set by global-setup once the instances are listening (the last by its spec's beforeAll).
const baseUrlVariables: Record<Options['server'], string> = {
  google: 'E2E_BASE_URL',
  development: 'E2E_DEV_BASE_URL',
  'rate-limited': 'E2E_RATE_LIMITED_BASE_URL',
  instances: 'E2E_INSTANCES_BASE_URL',
  conforming: 'E2E_CONFORMING_BASE_URL',
};

let accounts = 0;

/**
 * A Google account no test has used: its own `sub` (Google's identity key) and, unless given, its
 * own email. Giving another account's email makes a different Google account claiming that address.
 */
export function newGoogleAccount(email?: string): GoogleAccount {
  accounts += 1;
  return {
    sub: `e2e-${process.pid}-${Date.now()}-${accounts}`,
    // The process in the address too: a worker started after a failure counts from one again.
    // At gmail.com: only there (or with hd) does Google's email_verified count for the 409 rule.
    email: email ?? `ada.${process.pid}.${accounts}@gmail.com`,
    givenName: 'Ada',
    familyName: 'Lovelace',
  };
}

let emails = 0;

/** An email no other test signed in with (the instances' databases are shared by the whole suite), naming what it is for. */
export function newEmail(purpose: string): string {
  emails += 1;
  return `${purpose}-${process.pid}-${Date.now()}-${emails}@example.org`;
}

export const test = base.extend<Fixtures & Options>({
  server: ['google', { option: true }],

  baseURL: async ({ server }, use) => {
    await use(process.env[baseUrlVariables[server]]);
  },

  google: async ({ page }, use) => {
    const trusted = TestGoogleIdentity.fromExport(process.env.E2E_GOOGLE_KEY ?? '');
    const forger = TestGoogleIdentity.generate();
    const google: GoogleStandIn = {
      account: newGoogleAccount(),
      forge: false,
      unreachable: false,
    };

    await page.exposeFunction('__mintGoogleIdToken', ({ clientId, nonce }: { clientId: string; nonce: string | null }) =>
      (google.forge ? forger : trusted).signIdToken(googleClaims(google.account, clientId, nonce ?? undefined)),
    );
    // Nothing else may leave the machine: no network here, and none wanted. (Routes added later win.)
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('blockedbyclient'));
    // Google's avatar host, for the profile picture in the token.
    await page.route('https://lh3.googleusercontent.com/**', (route) =>
      route.fulfill({ contentType: 'image/svg+xml', body: avatarSvg }),
    );
    await page.route('https://accounts.google.com/gsi/client**', (route) =>
      google.unreachable
        ? route.abort('internetdisconnected')
        : route.fulfill({ contentType: 'text/javascript', body: standInScript }),
    );

    await use(google);
  },
});

export { expect };

export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
}

/** The backend refused the sign-in: the alert gives its title and detail, and the sign-in page stays. */
export async function expectRefusedOnSignInPage(page: Page, title: string, detail: string) {
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(title);
  await expect(alert).toContainText(detail);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Signs in on the development instance as a typed-in email (a test account no other test uses, when the email is new). */
export async function signInWithTestEmail(page: Page, email: string, name: string) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  const chooser = page.getByRole('group', { name: 'Choose a test account' });
  await chooser.getByLabel('Email').fill(email);
  await chooser.getByLabel('Name').fill(name);
  await chooser.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}
