// The checks of scripts/test-deploy.sh, run by it once the published app answers behind nginx over HTTPS.
// It starts panva's oidc-provider (the frontend's dev dependency, also used by frontend/e2e) as the
// OpenID provider, signs in by redirect through nginx in Chromium, and checks what a deployment must
// show: the __Host- session cookie, HSTS, the public https callback URL, and the client's address
// seen through the proxy. Exits non-zero, naming the check, on the first failure.
//
//   node scripts/lib/test-deploy-checks.mjs   (settings in the environment, set by test-deploy.sh)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const setting = (name) => process.env[name] ?? fail(`${name} is not set (run scripts/test-deploy.sh)`);
const frontend = setting('DEPLOY_FRONTEND');
const origin = setting('DEPLOY_PUBLIC_ORIGIN'); // https://localhost:<port>, through nginx
const httpPort = Number(setting('DEPLOY_HTTP_PORT')); // nginx's plain-HTTP server
const providerPort = Number(setting('DEPLOY_PROVIDER_PORT'));
const providerName = setting('DEPLOY_PROVIDER_NAME');
const clientId = setting('DEPLOY_PROVIDER_CLIENT_ID');
const clientSecret = setting('DEPLOY_PROVIDER_CLIENT_SECRET');
const certificate = readFileSync(setting('DEPLOY_CERTIFICATE'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The frontend's packages, from wherever this script is.
const requireFromFrontend = createRequire(join(frontend, 'package.json'));
const { chromium } = requireFromFrontend('playwright');
const { default: Provider } = await import(pathToFileURL(requireFromFrontend.resolve('oidc-provider')).href);

function fail(message) {
  throw new Error(message);
}

let passed = 0;
function check(condition, what, detail = '') {
  if (!condition) {
    fail(`${what}${detail ? `: ${detail}` : ''}`);
  }
  passed += 1;
  console.log(`  ok  ${what}`);
}

/** One HTTPS request to nginx at `host`, trusting only the test's certificate, from `localAddress` (a loopback address). */
function request(path, { method = 'GET', headers = {}, body, host = '127.0.0.1', localAddress = host === '::1' ? '::1' : '127.0.0.1', port, protocol = https } = {}) {
  const url = new URL(path, origin);
  return new Promise((done, failed) => {
    const outgoing = protocol.request(
      {
        host,
        servername: url.hostname,
        port: port ?? url.port,
        path: url.pathname + url.search,
        method,
        headers: { Host: url.host, ...headers },
        ca: certificate,
        localAddress,
        agent: false,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => done({ status: response.statusCode, headers: response.headers, text }));
      },
    );
    outgoing.on('error', failed);
    outgoing.end(body);
  });
}

// ---- the OpenID provider ------------------------------------------------------------------------

const callbackUrl = `${origin}/api/auth/${providerName}/callback`;
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
  alg: 'RS256',
  use: 'sig',
};
const provider = new Provider(`http://127.0.0.1:${providerPort}`, {
  // Registered with the public https callback only: a redirect_uri naming the app's own http address,
  // or nginx's port-less host, is refused by the provider.
  clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [callbackUrl], token_endpoint_auth_method: 'client_secret_basic' }],
  jwks: { keys: [signingKey] },
  findAccount: (_context, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: `${id}@deploy.example`, email_verified: true, given_name: 'Dana', family_name: 'Deploy', name: 'Dana Deploy' }),
  }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-deploy-provider-cookie-key'] },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
});
const providerServer = provider.listen(providerPort, '127.0.0.1');
await new Promise((done, failed) => {
  providerServer.once('listening', done);
  providerServer.once('error', failed);
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  // nginx listens on 127.0.0.1 only: no detour through ::1.
  args: ['--host-resolver-rules=MAP localhost 127.0.0.1'],
});
try {
  // ---- HTTP and HTTPS at the edge ---------------------------------------------------------------

  const plain = await request('/account?x=1', { port: httpPort, protocol: http });
  check(plain.status === 301 && plain.headers.location === 'https://localhost/account?x=1', 'plain HTTP is sent to HTTPS', `${plain.status} ${plain.headers.location}`);

  const live = await request('/health/live');
  check(live.status === 200 && live.text.trim() === 'Healthy', 'GET /health/live answers through nginx over HTTPS', `${live.status} ${live.text}`);
  const ready = await request('/health/ready');
  check(ready.status === 200, 'GET /health/ready answers 200 (the database is reachable)', `${ready.status}`);

  const page = await request('/');
  check(page.status === 200 && /<html/i.test(page.text), 'the published SPA is served', `${page.status}`);
  // The app sends HSTS only when it sees HTTPS: here only through nginx's X-Forwarded-Proto, which it
  // believes because nginx is in ReverseProxy:KnownProxies. nginx's config sends none itself.
  check(page.headers['strict-transport-security'] === 'max-age=31536000', 'HSTS is sent (the app sees https through the proxy)', `${page.headers['strict-transport-security']}`);

  const overIPv6 = await request('/health/live', { host: '::1' });
  check(overIPv6.status === 200, 'nginx answers over IPv6 too (listen [::]:443)', `${overIPv6.status}`);

  // The app believes X-Forwarded-Host from nginx; nginx sets it to the browser's Host, so a client's
  // own counts for nothing, whichever way it points.
  const publicHost = new URL(origin).host;
  const claimedHost = await request('/api/auth/config', { headers: { 'X-Forwarded-Host': 'evil.example' } });
  check(claimedHost.status === 200 && !claimedHost.text.includes('evil.example'), "a client's X-Forwarded-Host: evil.example is replaced by nginx: answered as the real host", `${claimedHost.status} ${claimedHost.text.slice(0, 200)}`);
  const otherHost = await request('/api/auth/config', { headers: { Host: 'evil.example', 'X-Forwarded-Host': publicHost } });
  check(otherHost.status === 400 && otherHost.text.includes('unknown_host'), 'a request naming another host is 400 unknown_host, even claiming the real one in X-Forwarded-Host', `${otherHost.status}`);

  // ---- the client's address, through the proxy --------------------------------------------------

  // RateLimiting:SignIn allows one sign-in attempt per address a minute here. Through a believed proxy
  // each client has its own allowance; without it, everyone would share nginx's address, and one.
  const attempt = (localAddress, headers = {}) =>
    request(`/api/auth/${providerName}`, {
      method: 'POST',
      localAddress,
      headers: { 'Content-Type': 'application/json', 'X-CSRF': '1', Origin: origin, ...headers },
      body: JSON.stringify({ idToken: 'not-a-token', nonce: 'not-a-nonce' }),
    });
  const first = await attempt('127.0.0.2');
  check(first.status !== 429, 'a first sign-in attempt from 127.0.0.2 is not rate-limited', `${first.status}`);
  const second = await attempt('127.0.0.2');
  check(second.status === 429, 'its second is 429 (one a minute here)', `${second.status}`);
  // What this proves: a client's own X-Forwarded-For does not buy it another allowance. It does NOT
  // prove nginx replaces rather than appends: the app reads only the last address (ForwardLimit=1),
  // the one nginx adds, so $proxy_add_x_forwarded_for passes too, and nothing the app records shows
  // the difference.
  const spoofed = await attempt('127.0.0.2', { 'X-Forwarded-For': '127.0.0.9' });
  check(spoofed.status === 429, "a client's own X-Forwarded-For is not believed: still 127.0.0.2's allowance", `${spoofed.status}`);
  const other = await attempt('127.0.0.3');
  check(other.status !== 429, 'another client (127.0.0.3) has its own allowance: the app sees the forwarded address', `${other.status}`);

  // ---- the redirect sign-in, in a browser -------------------------------------------------------

  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: origin });
  const browserPage = await context.newPage();
  // The provider's stock pages import a web font; nothing here reaches the internet.
  await browserPage.route('https://fonts.googleapis.com/**', (route) => route.abort());
  let authorizationUrl;
  let sessionCookieHeader;
  browserPage.on('request', (sent) => {
    if (sent.url().startsWith(`http://127.0.0.1:${providerPort}/auth?`)) authorizationUrl = new URL(sent.url());
  });
  browserPage.on('response', async (answer) => {
    if (answer.url().startsWith(callbackUrl)) {
      sessionCookieHeader = (await answer.headersArray()).filter((header) => header.name.toLowerCase() === 'set-cookie').map((header) => header.value).find((value) => value.startsWith('__Host-gl-session='));
    }
  });

  await browserPage.goto('/');
  await browserPage.getByRole('link', { name: 'Continue with Deploy test provider' }).click();
  await browserPage.waitForURL((url) => url.origin === `http://127.0.0.1:${providerPort}`);
  check(authorizationUrl?.searchParams.get('redirect_uri') === callbackUrl, 'the redirect_uri sent to the provider is the public https callback', `${authorizationUrl?.searchParams.get('redirect_uri')}`);

  await browserPage.locator('input[name="login"]').fill(`dana-${process.pid}`);
  await browserPage.locator('input[name="password"]').fill('any password');
  await browserPage.getByRole('button', { name: 'Sign-in' }).click();
  await browserPage.getByRole('button', { name: 'Continue' }).click();
  await browserPage.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/api/'));

  const me = await browserPage.request.get('/api/users/me');
  check(me.status() === 200 && (await me.text()).includes(`dana-${process.pid}@deploy.example`), 'the browser is signed in: GET /api/users/me is its user', `${me.status()}`);

  const cookie = (await context.cookies(origin)).find((each) => each.name === '__Host-gl-session');
  check(cookie !== undefined, 'the session cookie is __Host-gl-session');
  check(cookie.secure && cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/' && cookie.domain === 'localhost', 'it is Secure, HttpOnly, SameSite=Strict, Path=/, host-only', JSON.stringify({ ...cookie, value: undefined }));
  check(
    sessionCookieHeader !== undefined && /;\s*secure/i.test(sessionCookieHeader) && /;\s*httponly/i.test(sessionCookieHeader) && /;\s*samesite=strict/i.test(sessionCookieHeader) && !/;\s*domain=/i.test(sessionCookieHeader),
    'the callback set it with Secure; HttpOnly; SameSite=Strict and no Domain',
  );

  const sessions = await browserPage.request.get('/api/auth/sessions');
  check(sessions.status() === 200 && (await sessions.json()).some?.((each) => each.current && each.ipAddress === '127.0.0.1'), "the session records the browser's address (127.0.0.1)", `${sessions.status()}`);

  await context.close();
  console.log(`test-deploy checks: ${passed} passed`);
} finally {
  await browser.close();
  providerServer.closeAllConnections();
  await new Promise((done) => providerServer.close(done));
}
