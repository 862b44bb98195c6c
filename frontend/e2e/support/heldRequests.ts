import type { Page } from '@playwright/test';

/**
 * Holds every request to `path` back until the returned function is called, so the page can be
 * looked at while it waits for the answer.
 */
export async function holdRequests(page: Page, path: string): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route((url) => url.pathname === path, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
