/**
 * Leaves the app for another page (a provider's authorization endpoint): the one place the SPA navigates
 * away by script, so tests can stand in for it (jsdom cannot navigate).
 */
export function goTo(url: string) {
  window.location.assign(url);
}
