/**
 * The rule, as the account page says it before a change starts: one sentence for every route (Google's
 * button, a test account, a redirect provider), with the server's window (GET /api/auth/config).
 */
export function recentSignInRule(windowMinutes: number): string {
  const since = windowMinutes > 1 ? `the last ${windowMinutes} minutes` : windowMinutes === 1 ? 'the last minute' : 'the last few moments';
  return `Adding or removing a sign-in method needs a sign-in from ${since}.`;
}
