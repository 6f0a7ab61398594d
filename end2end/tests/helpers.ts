import { expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Opens a page and, when JavaScript runs, waits until it is hydrated (interactive).
 *  Compiling the WASM bundle on a busy two-core machine can take several seconds. */
export async function open(page: Page, url: string, testInfo: TestInfo) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A 404 page logs its own status as a failed resource; that is the page, not an error.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  await page.goto(url);
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.locator('body'), `hydration of ${url}; browser errors: ${errors.join(' | ')}`)
      .toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
    expect(errors, 'no error in the browser console').toEqual([]);
  }
}

/** Fails on any serious or critical accessibility violation (WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The page fits the viewport: nothing scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
