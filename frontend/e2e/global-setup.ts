import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestGoogleIdentity } from './support/googleIdentity';
import { acme, startOpenIdProvider } from './support/openIdProvider';
import { startWebApi, webApiDll } from './support/webApi';

const clientId = 'e2e-client.apps.googleusercontent.com';

/**
 * Every test reaches an app from 127.0.0.1, so all tests on one app share its per-address rate-limit
 * buckets. The shipped defaults (30 sign-ins, 120 nonces) would let the order and number of tests
 * decide which one meets a 429; these allowances outlast the whole suite many times over.
 */
export const suiteRateLimits = {
  RateLimiting__SignIn__Burst: '100000',
  RateLimiting__SignIn__PerMinute: '60000',
  RateLimiting__Nonce__Burst: '100000',
  RateLimiting__Nonce__PerMinute: '60000',
  RateLimiting__Callback__Burst: '100000',
  RateLimiting__Callback__PerMinute: '60000',
};

/**
 * The allowance of the instance kept for the one test that wants a 429: a single sign-in attempt,
 * and the next one only a minute after its first request, far beyond the test's time limit.
 */
export const rateLimitedSignIns = { burst: 1, perMinute: 1 };

/**
 * Starts a Google-like key server, an OpenID Connect provider, and three instances of the real, built WebApi on loopback, each
 * with a fresh SQLite database: one configured for Google that trusts only the test key, one in
 * development sign-in mode, and one like the first but with a small sign-in allowance. Tests get
 * the URLs and the key through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const identity = TestGoogleIdentity.generate();

  const keyServer = createServer((request, response) => {
    if (request.url === '/oauth2/v3/certs') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=3600' });
      response.end(JSON.stringify(identity.jwks()));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => keyServer.listen(0, '127.0.0.1', done));
  const keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/oauth2/v3/certs`;

  const dll = webApiDll;
  if (!existsSync(dll)) {
    throw new Error(`WebApi is not built at ${dll}. Run 'dotnet build -c Release' first (scripts/test.sh does).`);
  }

  const dataDirectory = mkdtempSync(join(tmpdir(), 'googlelogin-e2e-'));
  const logDirectory = resolve(import.meta.dirname, '../test-results');
  mkdirSync(logDirectory, { recursive: true });

  // Real Google mode: trusts only the test key, through the configured certificates URL. Beside Google, a
  // provider configured by its issuer alone, for the redirect sign-in.
  const acmeProvider = await startOpenIdProvider();
  const google = await startWebApi(dll, 'google', dataDirectory, logDirectory, {
    ASPNETCORE_ENVIRONMENT: 'Production',
    ...suiteRateLimits,
    Auth__Google__ClientIds__0: clientId,
    Auth__Google__CertificatesUrl: keyServerUrl,
    Auth__Providers__acme__Authority: acmeProvider.issuer,
    Auth__Providers__acme__ClientIds__0: acme.clientId,
    Auth__Providers__acme__ClientSecret: acme.clientSecret,
    Auth__Providers__acme__DisplayName: acme.displayName,
  });
  // Development mode: no client ID, so the app runs its own identity provider.
  const development = await startWebApi(dll, 'development', dataDirectory, logDirectory, {
    ASPNETCORE_ENVIRONMENT: 'Development',
    ...suiteRateLimits,
  });
  // Real Google mode again, for a test that starts from a known sign-in allowance and uses it up.
  const rateLimited = await startWebApi(dll, 'rate-limited', dataDirectory, logDirectory, {
    ASPNETCORE_ENVIRONMENT: 'Production',
    ...suiteRateLimits,
    RateLimiting__SignIn__Burst: String(rateLimitedSignIns.burst),
    RateLimiting__SignIn__PerMinute: String(rateLimitedSignIns.perMinute),
    Auth__Google__ClientIds__0: clientId,
    Auth__Google__CertificatesUrl: keyServerUrl,
  });

  process.env.E2E_BASE_URL = google.baseUrl;
  process.env.E2E_DEV_BASE_URL = development.baseUrl;
  process.env.E2E_RATE_LIMITED_BASE_URL = rateLimited.baseUrl;
  process.env.E2E_GOOGLE_KEY = identity.export();

  return async () => {
    await Promise.all([google.stop(), development.stop(), rateLimited.stop()]);
    await new Promise((done) => keyServer.close(done));
    await acmeProvider.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  };
}
