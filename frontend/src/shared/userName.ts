import type { User } from '../api/client';

/** What to call the user: their name, else their email, else a neutral phrase. */
export function fullName(user: User): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || user.email || 'Signed-in user';
}
