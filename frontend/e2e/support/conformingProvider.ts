import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import type { Configuration, JWK } from 'oidc-provider';

/** The signing algorithms the app must take from a conforming provider, one client each. */
export const algorithms = ['RS256', 'ES256', 'PS256'] as const;
export type Algorithm = (typeof algorithms)[number];

export interface ConformingClient {
  /** The provider's name in the app's configuration (`Auth:Providers:<name>`). */
  name: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  algorithm: Algorithm;
}

/** A client of the provider, configured in the app as the provider `name`. */
export function conformingClient(name: string, algorithm: Algorithm = 'RS256'): ConformingClient {
  return {
    name,
    clientId: `e2e-${name}`,
    clientSecret: `e2e-${name}-secret`,
    displayName: `Conforming ${name}`,
    algorithm,
  };
}

/** What the provider knows of a person: its devInteractions page signs in whoever's login is typed. */
export function conformingClaims(login: string) {
  return {
    sub: login,
    email: `${login}@conforming.example`,
    email_verified: true,
    given_name: 'Grace',
    family_name: 'Conforming',
    name: 'Grace Conforming',
  };
}

function signingKeys(): JWK[] {
  const rsa = (algorithm: Algorithm): JWK => ({
    ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomUUID(),
    alg: algorithm,
    use: 'sig',
  });
  const ec: JWK = {
    ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomUUID(),
    alg: 'ES256',
    use: 'sig',
  };
  return [rsa('RS256'), ec, rsa('PS256')];
}

/**
 * panva's oidc-provider (MIT, OpenID Certified), written by nobody here, with its strict defaults: the code
 * flow's ID token carries no profile claims (they are in userinfo), `prompt_values_supported` has no
 * `select_account`, PKCE and exact redirect URIs are enforced. It runs in the test's own process, on
 * 127.0.0.1 while the app is on localhost: two sites, as a real provider and app are.
 */
export class ConformingProvider {
  private server: Server | undefined;
  private keys: JWK[] = signingKeys();

  private constructor(
    readonly port: number,
    private readonly clients: ConformingClient[],
    private readonly redirectUrisOf: (client: ConformingClient) => string[],
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A provider for these clients that will listen on `port` once started; `redirectUrisOf` is read at start. */
  static on(port: number, clients: ConformingClient[], redirectUrisOf: (client: ConformingClient) => string[]): ConformingProvider {
    return new ConformingProvider(port, clients, redirectUrisOf);
  }

  async start(): Promise<void> {
    const configuration: Configuration = {
      clients: this.clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: this.redirectUrisOf(client),
        id_token_signed_response_alg: client.algorithm,
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: this.keys },
      findAccount: (_context, id) => ({ accountId: id, claims: () => conformingClaims(id) }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['e2e-conforming-provider-cookie-key'] },
      // Its defaults, said out loud so that it does not warn about each.
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    };
    const provider = new Provider(this.issuer, configuration);
    const server = provider.listen(this.port);
    await new Promise<void>((done, fail) => {
      server.once('listening', done);
      server.once('error', fail);
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  }

  /** Publishes new signing keys (and drops the old), as a provider's rotation does: restarts on the same port. */
  async rotateKeys(): Promise<void> {
    await this.stop();
    this.keys = signingKeys();
    await this.start();
  }
}
