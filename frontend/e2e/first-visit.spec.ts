import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const screenshots = resolvePath(import.meta.dirname, '../test-results/screenshots');

/** One GET with the given Accept-Encoding, its body as sent (not decompressed). */
function getRaw(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const request = httpRequest(url, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end();
    },
  );
}

/** Holds the app's script back until the returned function is called. */
async function holdScript(page: Page) {
  let release = () => {};
  const scriptHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/*.js', async (route) => {
    await scriptHeld;
    await route.continue();
  });
  return release;
}

test('the page paints its header and a loading message before the script has run', async ({ page, google }) => {
  void google;
  const release = await holdScript(page);

  await page.goto('/', { waitUntil: 'commit' });

  // The name comes with the server's Brand settings: the painted header holds its place, nameless.
  await expect(page.getByRole('banner')).toHaveText('');
  await expect(page.getByRole('status')).toHaveText('Loading…');
  await expect(page.getByRole('heading')).toHaveCount(0);

  release();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('banner')).toHaveText('GoogleLogin');
  // React replaced the loading shell: one header, one main, no loading message left.
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByText('Loading…')).toHaveCount(0);
});

test('the loading page follows the dark mode setting and fits a phone-width screen', async ({ page, google }) => {
  void google;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const release = await holdScript(page);

  await page.goto('/', { waitUntil: 'commit' });

  await expect(page.getByRole('status')).toHaveText('Loading…');
  // The page is read from its first bytes ('commit'): the stylesheet may still be on its way, so ask until it applies.
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(13, 17, 23)');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}/loading-dark-phone.png` });

  release();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: `${screenshots}/sign-in-dark-phone.png` });
});

test('the script comes compressed, and decompresses to the script', async ({ page, google, baseURL }) => {
  void google;
  const encodings: string[] = [];
  page.on('response', (response) => {
    if (/\/assets\/.*\.js$/.test(response.url())) {
      encodings.push(response.headers()['content-encoding'] ?? 'identity');
    }
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // Chromium offers Brotli only over HTTPS; over plain HTTP it gets gzip.
  expect(encodings).toHaveLength(1);
  expect(['br', 'gzip']).toContain(encodings[0]);

  const src = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src);
  expect(src).toMatch(/\/assets\/index-[\w-]+\.js$/);
  const scriptUrl = new URL(src ?? '', baseURL).toString();

  const plain = await getRaw(scriptUrl);
  const brotli = await getRaw(scriptUrl, 'br, gzip');
  const gzip = await getRaw(scriptUrl, 'br;q=0, gzip');

  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers.vary).toContain('Accept-Encoding');
  expect(brotli.headers['content-encoding']).toBe('br');
  expect(gzip.headers['content-encoding']).toBe('gzip');
  for (const response of [plain, brotli, gzip]) {
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
  }
  expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
  expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
  expect(brotli.body.length).toBeLessThan(plain.body.length / 3);
  console.log(`script: ${plain.body.length} B, gzip ${gzip.body.length} B, br ${brotli.body.length} B`);
});
