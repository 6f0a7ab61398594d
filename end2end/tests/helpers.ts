import { BrowserContext, expect, Locator, Page, TestInfo } from '@playwright/test';
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
    await hydrated(page, `${url}; browser errors: ${errors.join(' | ')}`);
    expect(errors, 'no error in the browser console').toEqual([]);
  }
}

/** Waits until the page the browser shows (after a click that navigated, say) is hydrated. */
export async function hydrated(page: Page, what = page.url()) {
  await expect(page.locator('body'), `hydration of ${what}`).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
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

/** A personal ID number nobody else in this run uses (Hà Nội, male, born 1990).
 *  Every run starts on a fresh database, so uniqueness within the run is enough:
 *  each call site passes its own `n` (1–99, never reused across the specs), and
 *  the project, the repetition and the retry tell the runs of one test apart. No clock, no
 *  randomness: two calls can never draw the same number. */
export function uniqueCitizenId(testInfo: TestInfo, n: number): string {
  const project = PROJECTS.indexOf(testInfo.project.name);
  const { retry, repeatEachIndex } = testInfo;
  if (project < 0 || n < 1 || n > 99 || retry > 9 || repeatEachIndex > 9) {
    throw new Error(`uniqueCitizenId: no number for ${testInfo.project.name}, n=${n}`);
  }
  const serial = project * 100_000 + repeatEachIndex * 10_000 + retry * 1_000 + n;
  return `001090${String(serial).padStart(6, '0')}`;
}

const PROJECTS = ['hydrated', 'no-js', 'phone', 'visual', 'visual-phone'];

export const CITIZEN_PASSWORD = 'sông Hồng đỏ nặng phù sa';

/** Registers a new citizen through the server function (as the register page
 *  does) and leaves the page's browser context signed in. Returns the ID number. */
export async function registerCitizen(page: Page, testInfo: TestInfo, n: number, fullName = 'Nguyễn Văn An'): Promise<string> {
  const citizenId = uniqueCitizenId(testInfo, n);
  const response = await page.request.post('/api/register_citizen', {
    headers: { Accept: 'application/json' },
    form: {
      'form[full_name]': fullName,
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

/** Signs in afresh as one of the VNeID sandbox's identities (its label). */
export async function signInWithVneid(page: Page, identity: RegExp) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VNeID thử nghiệm: chọn danh tính');
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: 'Xác nhận đăng nhập' }).click();
  await expect(page).toHaveURL(/\/account$/);
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

/** A complete birth registration (1.001193, UBND phường Bến Thành), as the apply page saves it. */
const hanoi = { province_code: 1, ward_code: 70, street: '12 Hàng Bài' };
export const BIRTH = {
  declarant: {
    full_name: 'Nguyễn Văn An', birth_date: '1990-05-17', citizen_id: '001090123456',
    address: hanoi, phone: '0912345678', relationship: 'cha',
  },
  child: {
    full_name: 'Nguyễn Minh Khôi', birth_date: '2026-11-20', gender: 'nam', ethnicity: 'kinh',
    birth_place: hanoi, home_town: 'Nam Định',
  },
  mother: { full_name: 'Trần Thị Bình', birth_date: '1992-03-02', citizen_id: '001192000123', address: hanoi },
  father: { known: 'co', full_name: 'Nguyễn Văn An', birth_date: '1990-05-17', citizen_id: '001090123456' },
  request: { copies: '2' },
};
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The citizen submits through the same server functions the apply page uses
 *  (the apply page itself is covered by apply.spec.ts). Returns the dossier code. */
export async function submitBirthRegistration(page: Page): Promise<string> {
  const json = { Accept: 'application/json' };
  const saved = await page.request.post('/api/save_draft', {
    headers: json, data: { form: { procedure_code: '1.001193', data: BIRTH } },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const draft = await saved.json();
  const upload = await page.request.post('/uploads', {
    headers: json,
    multipart: { draft_id: draft.id, document: '2', file: { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const submitted = await page.request.post('/api/submit_application', {
    headers: json,
    data: { submission: { draft_id: draft.id, submit_key: draft.submit_key, delivery: { method: 'at_desk' } } },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  return (await submitted.json()).code;
}

/** An official of UBND phường Bến Thành (demo account), in a browser context of their own. */
export async function official(context: BrowserContext, testInfo: TestInfo, email: string): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, testInfo, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);
  return page;
}

/** Unfolds an action's panel (a click on an open one would fold it). */
export async function openPanel(panel: ReturnType<Page['locator']>) {
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await expect(panel).toHaveAttribute('open', '');
}

/** Takes an action on the open review page, filling its inputs first. */
export async function act(page: Page, action: string, fill?: (panel: ReturnType<Page['locator']>) => Promise<void>) {
  const panel = page.locator('details.action', { has: page.locator('summary', { hasText: action }) });
  await openPanel(panel);
  if (fill) await fill(panel);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/act_on_dossier'));
  await panel.getByRole('button', { name: `Thực hiện: ${action}` }).click();
  // A refusal fails here with the server's own answer.
  const answer = await answered;
  expect(answer.status(), await answer.text()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: `Đã thực hiện: ${action}` })).toBeVisible();
  // The dossier has reloaded: the next action goes from the fresh page.
  await expect(page.locator('details.action button[type=submit][disabled]')).toHaveCount(0);
}

export async function expectStatus(page: Page, status: string) {
  await expect(page.locator('.status-badge').first()).toHaveText(status);
}

/** A certificate of marital status (1.004873, UBND phường Bến Thành, level 4,
 *  3.000 đ due with the dossier), submitted as the apply page does. Returns the code. */
export async function submitMaritalStatusRequest(page: Page): Promise<string> {
  const json = { Accept: 'application/json' };
  const data = {
    applicant: {
      full_name: 'Nguyễn Văn An', birth_date: '1990-05-17', citizen_id: '001090123456', phone: '0912345678', address: hanoi,
    },
    status: { marital: 'chua_ket_hon', purpose: 'ket_hon', partner_name: 'Trần Thị Bình' },
  };
  const saved = await page.request.post('/api/save_draft', { headers: json, data: { form: { procedure_code: '1.004873', data } } });
  expect(saved.status(), await saved.text()).toBe(200);
  const draft = await saved.json();
  const submitted = await page.request.post('/api/submit_application', {
    headers: json,
    data: { submission: { draft_id: draft.id, submit_key: draft.submit_key, delivery: { method: 'online' } } },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  return (await submitted.json()).code;
}

/** Types `date` (dd/mm/yyyy) into the day, month and year boxes of the date
 *  group named `label` (within `scope`), as a person does. */
export async function fillDate(scope: Page | Locator, label: string | RegExp, date: string) {
  const [day, month, year] = date.split('/');
  const group = scope.getByRole('group', { name: label });
  await group.getByLabel('Ngày', { exact: true }).fill(day);
  await group.getByLabel('Tháng', { exact: true }).fill(month);
  await group.getByLabel('Năm', { exact: true }).fill(year);
  await group.getByLabel('Năm', { exact: true }).blur();
}
