import type { Problem } from './problem';
import type { components } from './schema';

/**
 * Every refusal the backend can send, by its stable code: `code` in each ProblemDetails answer, and
 * `?signInError=` / `?linkError=` after a redirect. Generated from the backend's OpenAPI document, so a
 * code added there fails the type-check here until it has a message.
 */
export type ErrorCode = components['schemas']['ProblemDetails']['code'];

/** What the page says for one code. */
interface Message {
  title: string;
  detail: string;
  /** The server's detail says more than ours (which provider, how long): shown instead, when the answer has one. */
  preferServerDetail?: boolean;
  /** News rather than a fault (the person chose it): shown as a status, not an alert. */
  neutral?: boolean;
}

/** The one list of what each code means to the person reading it. Keyed by code, never by title or status. */
const messages: Record<ErrorCode, Message> = {
  validation_failed: { title: 'Check what you entered', detail: 'Something in the request was missing or not valid.' },
  malformed_request: { title: 'The request could not be read', detail: 'Reload the page and try again.' },
  not_signed_in: {
    title: 'You’re not signed in',
    detail: 'Your session is missing, has expired or was signed out. Sign in, then try again.',
  },
  csrf_rejected: { title: 'The request was refused', detail: 'It didn’t come from this site’s own page. Reload the page and try again.' },
  not_found: { title: 'Not found', detail: 'What you asked for doesn’t exist, or is already gone.' },
  method_not_allowed: { title: 'The request was refused', detail: 'Reload the page and try again.' },
  body_too_large: { title: 'The request was too large', detail: 'Reload the page and try again.' },
  unsupported_media_type: { title: 'The request was refused', detail: 'Reload the page and try again.' },
  rate_limited: { title: 'Too many sign-in attempts', detail: 'Too many attempts came from your network. Wait a minute, then try again.' },
  unexpected: { title: 'Something went wrong', detail: 'The server couldn’t complete the request. Try again in a moment.' },
  not_ready: { title: 'The service is starting or unwell', detail: 'Try again in a moment.' },
  token_rejected: { title: 'Sign-in failed', detail: 'The provider’s answer couldn’t be verified. Sign in again.' },
  unknown_provider: { title: 'This sign-in option is not available', detail: 'Choose another way to sign in.' },
  not_allowed: { title: 'Account not allowed', detail: 'This application only admits accounts of its allowed organisations.' },
  account_disabled: { title: 'Account disabled', detail: 'This account has been disabled.' },
  // The same words on both routes: the ID-token route's answer and the redirect's address both name the
  // provider to use (`signInWith`), and describeCode puts its display name in.
  email_conflict: {
    title: 'This email is already registered',
    detail: 'This email address belongs to another account here. Sign in the way you signed in before.',
  },
  provider_unavailable: { title: 'The provider is unavailable', detail: 'It can’t be reached right now. Try again in a moment.' },
  // The account page says so before a change starts, and offers to confirm it's you in place (account/reauthentication).
  reauthentication_required: {
    title: 'Confirm it’s you',
    detail: 'Adding or removing a sign-in method needs a recent sign-in.',
  },
  login_in_use: {
    title: 'This account is already in use',
    detail: 'It signs in to another account here. Choose another, or sign in with it and remove it there first.',
    preferServerDetail: true,
  },
  last_login: {
    title: 'This is your only way to sign in',
    detail: 'Link another sign-in method first: without one, nobody could sign in to this account again.',
  },
  access_denied: {
    title: 'Sign-in was cancelled',
    detail: 'You cancelled at the provider, so nothing changed. Sign in again when you’re ready.',
    neutral: true,
  },
  provider_error: { title: 'The provider could not sign you in', detail: 'It answered with an error. Try again, or use another way to sign in.' },
  invalid_state: {
    title: 'This sign-in link has expired or was already used',
    detail: 'Sign-ins must finish in the browser that started them, within 10 minutes. Start again from this page.',
  },
  exchange_failed: { title: 'The provider did not confirm your sign-in', detail: 'Start again from this page.' },
  cross_site_start: {
    title: 'Sign-in was not started here',
    detail: 'Another site tried to start a sign-in. If you meant to sign in, choose how below.',
  },
  unknown_test_account: { title: 'Unknown test account', detail: 'Choose one of the listed test accounts, or type an email.' },
  invalid_authorization_request: {
    title: 'The sign-in request is invalid',
    detail: 'The app that sent you here asked for what the development provider doesn’t offer.',
    preferServerDetail: true,
  },
  unknown_host: { title: 'Wrong address', detail: 'This app answers only at its own address. Open it from there.' },
  reauthentication_mismatch: {
    title: 'That account isn’t one of yours here',
    detail: 'Confirm it’s you with one of this account’s sign-in methods.',
  },
  changed_meanwhile: {
    title: 'Changed in another tab',
    detail: 'Something here changed while you were at it. Reload the page and try again.',
  },
  database_unavailable: { title: 'Temporarily unavailable', detail: 'The service is having trouble right now. Try again in a moment.' },
};

/** Every code this page has a message for: the generated contract's, no more, no fewer. */
export const errorCodes = Object.keys(messages) as ErrorCode[];

/** A code from the server or the address; anything else (an older or newer server, a proxy's page) is `unexpected`. */
export function toErrorCode(value: unknown): ErrorCode {
  return typeof value === 'string' && Object.hasOwn(messages, value) ? (value as ErrorCode) : 'unexpected';
}

/** What the server added to a code: its detail, and the messages for each field it found wrong. */
export interface ServerSays {
  detail?: string | null;
  fieldErrors?: Record<string, string[]>;
  /** A 429's or 503's Retry-After, in seconds. */
  retryAfterSeconds?: number | null;
  /** For email_conflict: the display name of the provider the existing account signs in with, when known. */
  signInWith?: string | null;
}

/** What to tell the person about a refusal. */
export function describeCode(code: ErrorCode, server: ServerSays = {}): Problem {
  const message = messages[code];
  const detail =
    code === 'rate_limited' && server.retryAfterSeconds
      ? `Try again in ${waitingTime(server.retryAfterSeconds)}.`
      : code === 'email_conflict' && server.signInWith
        ? `This email address belongs to an account that signs in with ${server.signInWith}. Sign in with ${server.signInWith}, then add this sign-in method from your account page.`
        : message.preferServerDetail && server.detail
          ? server.detail
          : message.detail;
  return {
    title: message.title,
    detail,
    ...(message.neutral ? { neutral: true } : {}),
    ...(server.fieldErrors ? { fieldErrors: server.fieldErrors } : {}),
  };
}

function waitingTime(seconds: number): string {
  if (seconds < 120) {
    return seconds === 1 ? '1 second' : `${seconds} seconds`;
  }
  return `${Math.ceil(seconds / 60)} minutes`;
}
