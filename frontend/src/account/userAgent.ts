import Bowser from 'bowser';

/** What kind of device a browser runs on, for its icon; "unknown" when the User-Agent does not say. */
export type DeviceKind = 'computer' | 'phone' | 'tablet' | 'unknown';

export interface Device {
  /** "Firefox on Linux", "Safari on iPhone". */
  name: string;
  kind: DeviceKind;
}

/** Each kind in words, for screen readers beside its icon (DeviceIcon). */
export const deviceKindNames: Record<DeviceKind, string> = {
  computer: 'Computer',
  phone: 'Phone',
  tablet: 'Tablet',
  unknown: 'Device',
};

const kinds: Record<string, DeviceKind> = { desktop: 'computer', mobile: 'phone', tablet: 'tablet' };

/**
 * A browser and the device or system it runs on as people name them ("Firefox on Linux", "Safari on
 * iPhone"), from a User-Agent header the server recorded. Parsed by bowser; what it cannot name is left
 * out rather than guessed.
 */
export function describeDevice(userAgent: string | null): Device {
  // bowser throws on an empty string; the server stores none when the browser sent none.
  const text = userAgent?.trim();
  if (!text) {
    return { name: 'Unknown browser', kind: 'unknown' };
  }
  const { browser, os, platform } = Bowser.parse(text);
  const browserName = browser.name || 'Unknown browser';
  // A phone or tablet's model when the browser names it (iPhone, iPad), as the device people hold.
  const where = (platform.type !== 'desktop' ? platform.model : undefined) || os.name;
  return {
    name: where ? `${browserName} on ${where}` : browserName,
    kind: (platform.type && kinds[platform.type]) || 'unknown',
  };
}

/** The device's name alone: "Firefox on Linux". */
export function describeUserAgent(userAgent: string | null): string {
  return describeDevice(userAgent).name;
}
