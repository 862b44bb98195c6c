/** This machine's own addresses: no news to anyone (a development or local install). */
const loopbackAddresses = new Set(['::1', '127.0.0.1', '::ffff:127.0.0.1']);

/** An IP address worth showing: none when unknown or the machine's own. */
export function shownAddress(ipAddress: string | null): string | null {
  return ipAddress && !loopbackAddresses.has(ipAddress) ? ipAddress : null;
}
