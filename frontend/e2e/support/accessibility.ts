import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** Every WCAG 2.0, 2.1 and 2.2 A and AA rule axe-core knows. */
const wcagAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core finds nothing against WCAG 2.2 AA on the page as it is now. */
export async function expectNoAccessibilityViolations(page: Page, look?: string) {
  const results = await new AxeBuilder({ page }).withTags(wcagAA).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), look).toEqual([]);
}

/** Keyboard focus is on something on the page, not dropped to the page itself. */
export async function expectFocusKept(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.tagName ?? 'none'), { message: 'focus dropped to the page' })
    .not.toBe('BODY');
}
