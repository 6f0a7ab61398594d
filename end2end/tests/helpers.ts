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

/** A personal ID number nobody else in this run uses (Hà Nội, male, born 1990). */
export function uniqueCitizenId(testInfo: TestInfo, n: number): string {
  const salt = (testInfo.project.name.length * 1000 + testInfo.retry * 100 + n + (Date.now() % 1000) * 7) % 1_000_000;
  return `001090${String(salt).padStart(6, '0')}`;
}

export const CITIZEN_PASSWORD = 'sông Hồng đỏ nặng phù sa';

/** Registers a new citizen through the server function (as the register page
 *  does) and leaves the page's browser context signed in. Returns the ID number. */
export async function registerCitizen(page: Page, testInfo: TestInfo, n: number): Promise<string> {
  const citizenId = uniqueCitizenId(testInfo, n);
  const response = await page.request.post('/api/register_citizen', {
    headers: { Accept: 'application/json' },
    form: {
      'form[full_name]': 'Nguyễn Văn An',
      'form[citizen_id]': citizenId,
      'form[birth_date]': '1990-05-17',
      'form[phone]': '0912345678',
      'form[email]': `an.${citizenId}@example.vn`,
      'form[password]': CITIZEN_PASSWORD,
      'form[password_confirm]': CITIZEN_PASSWORD,
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return citizenId;
}

/** The password of every demo account (see the README). */
export const DEMO_PASSWORD = 'demo-dvc-2025';

/** Signs in through the login page. */
export async function signIn(page: Page, testInfo: TestInfo, identifier: string, password: string) {
  await open(page, '/login', testInfo);
  await page.getByLabel('Số định danh cá nhân hoặc thư điện tử').fill(identifier);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
