import Bowser from 'bowser';

/**
 * A browser and its system as people name them ("Firefox on Linux"), from a User-Agent header the
 * server recorded. Parsed by bowser; what it cannot name is left out rather than guessed.
 */
export function describeUserAgent(userAgent: string | null): string {
  // bowser throws on an empty string; the server stores none when the browser sent none.
  const text = userAgent?.trim();
  if (!text) {
    return 'Unknown browser';
  }
  const { browser, os } = Bowser.parse(text);
  const browserName = browser.name || 'Unknown browser';
  return os.name ? `${browserName} on ${os.name}` : browserName;
}
