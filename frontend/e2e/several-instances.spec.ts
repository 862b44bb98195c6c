import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';
import { severalInstancesLogs, startSeveralInstances } from './support/severalInstances';
import type { SeveralInstances } from './support/severalInstances';

// docs/operations.md's "Several instances on PostgreSQL": nginx balancing round-robin over two instances that
// share one PostgreSQL database and one development signing key. Only this file starts it.
test.use({ server: 'instances' });

let instances: SeveralInstances | undefined;

test.beforeAll(async () => {
  // PostgreSQL's initdb and two app start-ups: longer than a test, once.
  test.setTimeout(120_000);
  instances = await startSeveralInstances();
  process.env.E2E_INSTANCES_BASE_URL = instances.url;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  // Ctrl+C, as a person would stop it: the script stops nginx, the instances and the cluster, then
  // exits with the code for SIGINT.
  expect(await instances?.stop(), `the script stops cleanly on SIGINT; see ${severalInstancesLogs}`).toBe(130);
});

/** GET /api/users/me with the page's cookies, four times in a row, so round-robin reaches both instances. */
async function meFromEachInstance(request: { get: (url: string) => Promise<APIResponse> }) {
  const answers = [];
  for (let i = 0; i < 4; i += 1) {
    const answer = await request.get('/api/users/me');
    answers.push({ status: answer.status(), instance: answer.headers()['x-instance'] });
  }
  return answers;
}

test('signs in through nginx, stays signed in whichever instance answers, and signs out everywhere', async ({ page }) => {
  const servedBy = new Set<string>();
  page.on('response', (response) => {
    const instance = response.headers()['x-instance'];
    if (instance) {
      servedBy.add(instance);
    }
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in with a test account' }).click();
  await page.getByRole('group', { name: 'Choose a test account' }).getByRole('button', { name: /Sign in as Grace Hopper/ }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();

  for (let reload = 0; reload < 4; reload += 1) {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  }
  expect([...servedBy].sort(), 'the page was served by both instances').toEqual(['a', 'b']);

  // The session lives in the shared database: each instance knows it.
  const signedIn = await meFromEachInstance(page.request);
  expect(signedIn.every((answer) => answer.status === 200), JSON.stringify(signedIn)).toBe(true);
  expect(new Set(signedIn.map((answer) => answer.instance))).toEqual(new Set(['a', 'b']));

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You’re signed out' })).toBeVisible();

  // Revoked in the shared database: no instance still accepts the cookie.
  const signedOut = await meFromEachInstance(page.request);
  expect(signedOut.every((answer) => answer.status === 401), JSON.stringify(signedOut)).toBe(true);
  expect(new Set(signedOut.map((answer) => answer.instance))).toEqual(new Set(['a', 'b']));
});
