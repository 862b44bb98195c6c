import type { Login } from '../api/client';

/**
 * A provider's name as a title or at the start of a sentence: the server's display name may start in lower
 * case ("the development provider"), which reads as a fragment there.
 */
export function providerLabel(displayName: string): string {
  return displayName.charAt(0).toUpperCase() + displayName.slice(1);
}

/** A sign-in method as people tell it apart: its provider and its account ("Google · ada@example.com"). */
export function loginTitle(login: Login): string {
  return login.email ? `${providerLabel(login.displayName)} · ${login.email}` : providerLabel(login.displayName);
}
