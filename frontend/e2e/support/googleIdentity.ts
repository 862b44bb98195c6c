import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** An RSA key that signs ID tokens shaped exactly like Google's. */
export class TestGoogleIdentity {
  readonly keyId: string;
  private readonly privateKey: KeyObject;

  private constructor(privateKey: KeyObject, keyId: string) {
    this.privateKey = privateKey;
    this.keyId = keyId;
  }

  static generate(): TestGoogleIdentity {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new TestGoogleIdentity(privateKey, randomBytes(20).toString('hex'));
  }

  /** Rebuilds the key in a test worker from what the global setup exported. */
  static fromExport(exported: string): TestGoogleIdentity {
    const { pem, keyId } = JSON.parse(exported) as { pem: string; keyId: string };
    return new TestGoogleIdentity(createPrivateKey(pem), keyId);
  }

  export(): string {
    return JSON.stringify({ pem: this.privateKey.export({ type: 'pkcs8', format: 'pem' }), keyId: this.keyId });
  }

  /** The public key as a JSON Web Key Set, as Google publishes at its certificates URL. */
  jwks(): { keys: object[] } {
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.keyId, alg: 'RS256', use: 'sig' }] };
  }

  signIdToken(claims: Record<string, unknown>): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'RS256', kid: this.keyId, typ: 'JWT' })}.${encode(claims)}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

export interface GoogleAccount {
  sub: string;
  email: string;
  givenName: string;
  familyName: string;
}

/** The claims Google puts in an ID token for this account, this client and this nonce. */
export function googleClaims(account: GoogleAccount, clientId: string, nonce?: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://accounts.google.com',
    azp: clientId,
    aud: clientId,
    sub: account.sub,
    email: account.email,
    email_verified: true,
    name: `${account.givenName} ${account.familyName}`,
    given_name: account.givenName,
    family_name: account.familyName,
    picture: `https://lh3.googleusercontent.com/a/${account.sub}`,
    iat: now,
    exp: now + 3600,
    ...(nonce ? { nonce } : {}),
  };
}
