import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestGoogleIdentity } from './googleIdentity';

export const acme = { clientId: 'e2e-acme-client', clientSecret: 'e2e-acme-secret', displayName: 'Acme SSO' };

interface Grant {
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  subject: string;
}

/**
 * A small OpenID Connect provider on loopback, configured in the app as any provider would be: discovery,
 * a key set, a sign-in page that names the account it signs in as (Continue or Cancel), and a token
 * endpoint that checks the client's secret, the redirect URI and the PKCE verifier, and redeems a code once.
 */
export async function startOpenIdProvider(): Promise<{ issuer: string; close: () => Promise<void> }> {
  const key = TestGoogleIdentity.generate();
  const grants = new Map<string, Grant>();
  let issuer = '';
  let people = 0;

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return sendJson(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (request.method === 'GET' && url.pathname === '/jwks') {
      return sendJson(response, 200, key.jwks());
    }
    if (request.method === 'GET' && url.pathname === '/authorize') {
      const query = url.searchParams;
      if (query.get('client_id') !== acme.clientId || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
        return sendJson(response, 400, { error: 'invalid_request' });
      }
      people += 1;
      const subject = `acme-${process.pid}-${Date.now()}-${people}`;
      const code = randomBytes(16).toString('base64url');
      grants.set(code, {
        redirectUri: query.get('redirect_uri') ?? '',
        codeChallenge: query.get('code_challenge') ?? '',
        nonce: query.get('nonce') ?? undefined,
        subject,
      });
      const back = (result: string) => `${query.get('redirect_uri')}?${result}&state=${encodeURIComponent(query.get('state') ?? '')}`;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return response.end(
        `<!doctype html><html lang="en"><head><title>Acme SSO</title></head><body><main><h1>Acme SSO</h1>` +
          `<p>Signing in as <span id="email">${subject}@acme.example</span></p>` +
          `<a href="${escapeHtml(back(`code=${code}`))}">Continue</a> <a href="${escapeHtml(back('error=access_denied'))}">Cancel</a></main></body></html>`,
      );
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      return void redeem(request, response);
    }
    response.writeHead(404).end();
  });

  const redeem = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await readBody(request));
    const credentials = Buffer.from(`${acme.clientId}:${acme.clientSecret}`).toString('base64');
    if (request.headers.authorization !== `Basic ${credentials}`) {
      return sendJson(response, 401, { error: 'invalid_client' });
    }
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    if (
      !grant ||
      grant.redirectUri !== form.get('redirect_uri') ||
      createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge
    ) {
      return sendJson(response, 400, { error: 'invalid_grant' });
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = key.signIdToken({
      iss: issuer,
      aud: acme.clientId,
      sub: grant.subject,
      email: `${grant.subject}@acme.example`,
      email_verified: true,
      given_name: 'Acme',
      family_name: 'Person',
      iat: now,
      exp: now + 600,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
    sendJson(response, 200, { access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', id_token: idToken });
  };

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, close: () => new Promise((done) => server.close(() => done())) };
}

function sendJson(response: ServerResponse, status: number, body: object) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
