import type { SecurityEvent } from '../api/client';
import { providerLabel } from './providerLabel';

/** What happened, in words, for each kind of event the server records; unknown kinds stay generic. */
export function describeSecurityEvent(event: SecurityEvent): string {
  const provider = event.providerDisplayName ?? event.provider;
  switch (event.type) {
    case 'signed_in':
      return provider ? `Signed in with ${provider}` : 'Signed in';
    case 'reauthenticated':
      return provider ? `Confirmed it’s you with ${provider}` : 'Confirmed it’s you';
    case 'signed_out':
      return 'Signed out';
    case 'session_revoked':
      return 'Session revoked';
    case 'signed_out_everywhere':
      return 'Signed out everywhere';
    case 'signed_out_elsewhere':
      return 'Signed out everywhere else';
    case 'login_linked':
      // At the start of the sentence: "The development provider linked", never "the development provider linked".
      return `${provider ? providerLabel(provider) : 'A sign-in method'} linked`;
    case 'login_unlinked':
      return `${provider ? providerLabel(provider) : 'A sign-in method'} unlinked`;
    case 'sign_in_refused_email_in_use':
      return provider ? `Refused sign-in with ${provider}: email already registered` : 'Refused sign-in: email already registered';
    case 'sign_in_refused_disabled':
      return 'Refused sign-in: account disabled';
    default:
      return 'Security event';
  }
}

/**
 * Events worth a second look, which might not have been you: a refused sign-in, a new way to sign in, a
 * sign-out someone else made (an administrator's or a provider's, for kinds a newer server records).
 * Signing in again to confirm it's you is routine.
 */
export function isNotable(event: SecurityEvent): boolean {
  return event.type === 'login_linked' || event.type.startsWith('sign_in_refused_') || event.type.startsWith('signed_out_by_');
}
