import { expect, Page, test, TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { official, open, registerCitizen, submitBirthRegistration } from './helpers';

// Visual regression: every page, as a desktop (project `visual`) and a 360 px
// phone (`visual-phone`) render it, compared with the baselines in
// `__screenshots__/` (`make screenshots` writes them again after a deliberate
// change). These projects have a server of their own and run one page after
// another, so the database holds only what they made themselves.
//
// Renders are stable across machines: the page's font families are given the
// DejaVu faces shipped in `end2end/fonts/` (whatever the machine has
// installed), and what changes by the day — dates and dossier codes — is
// masked. The tolerance (0.1% of the pixels) takes in anti-aliasing, not a
// shifted block.
test.describe.configure({ mode: 'serial' });
// Each test visits up to ten pages, each hydrated and compared.
test.setTimeout(180_000);

const font = (name: string) => readFileSync(path.join(__dirname, '..', 'fonts', `${name}.woff2`)).toString('base64');
const face = (family: string, weight: string, file: string) =>
  `@font-face { font-family: "${family}"; font-weight: ${weight}; src: url(data:font/woff2;base64,${font(file)}) format("woff2"); }`;
const FONTS = [
  face('Segoe UI', '100 500', 'DejaVuSans'),
  face('Segoe UI', '600 900', 'DejaVuSans-Bold'),
  face('DejaVu Sans Mono', '100 900', 'DejaVuSansMono'),
  // DejaVu Sans Mono lacks some Vietnamese letters (ả, ế, ở…): they fall back to the shipped sans.
  'textarea.code, code, kbd, pre, samp { font-family: "DejaVu Sans Mono", "Segoe UI" !important; }',
].join('\n');

/** Compares the whole page with its baseline `name`, with the shipped fonts.
 *  Soft: one page that differs does not stop the others being compared. */
async function snap(page: Page, name: string) {
  await page.addStyleTag({ content: FONTS });
  // Nothing hovered: the pointer stays where the last click left it.
  await page.mouse.move(0, 0);
  await expect.soft(page).toHaveScreenshot(`${name}.png`, {
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    maxDiffPixelRatio: 0.001,
    timeout: 15_000,
    mask: [
      page.getByText(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/),
      page.getByText(/\b\d{6}-\d{4}\b/),
      // The dossier's lookup secret; a publication's first day (today) as typed.
      page.locator('.secret'),
      // The store's choice of files names their dossiers' codes.
      page.locator('select#keep-file'),
      page.locator('input[name^="effective_from."]'),
      // The statistics' period ends today.
      page.locator('.stats-period input'),
    ],
  });
}

async function visit(page: Page, testInfo: TestInfo, url: string, name: string) {
  await open(page, url, testInfo);
  await snap(page, name);
}

test('public pages', async ({ page }, testInfo) => {
  await visit(page, testInfo, '/', 'home');
  await visit(page, testInfo, '/procedures', 'catalog');
  await visit(page, testInfo, '/procedures?sector=ho-tich&level=4', 'catalog-filtered');
  await visit(page, testInfo, '/procedures/1.001193', 'procedure');
  await visit(page, testInfo, '/login', 'login');
  await visit(page, testInfo, '/register', 'register');
  await visit(page, testInfo, '/lookup', 'lookup');
  // A past year: the same (empty) figures whatever the other projects filed before, and however old the snapshot.
  await visit(page, testInfo, '/statistics?to=2025-12-31', 'public-statistics');
  // Nobody sends feedback on this server: the list stays empty.
  await visit(page, testInfo, '/feedback', 'feedback');
  await visit(page, testInfo, '/feedback/new', 'feedback-new');
  await visit(page, testInfo, '/account/forgot', 'forgot-password');
  await visit(page, testInfo, '/trang-khong-co', 'not-found');
});

test('a citizen’s pages', async ({ page }, testInfo) => {
  await registerCitizen(page, testInfo, 60, 'Lê Thị Mai');
  await visit(page, testInfo, '/account', 'account');
  await visit(page, testInfo, '/account/password', 'account-password');
  await visit(page, testInfo, '/dossiers', 'dossiers-empty');
  await visit(page, testInfo, '/notifications', 'notifications-empty');
  await visit(page, testInfo, '/procedures/1.001193/apply', 'apply-first-step');
  const code = await submitBirthRegistration(page);
  await visit(page, testInfo, '/dossiers', 'dossiers');
  await visit(page, testInfo, `/dossiers/${code}`, 'dossier');
  await visit(page, testInfo, '/notifications', 'notifications');
  // The store is empty; the file she sent may be kept.
  await visit(page, testInfo, '/account/documents', 'account-documents');
});

// Officials sign in with the shared helper; the second administrator's
// sign-in replaces the first one's session in the same context.
test('a receiver’s pages', async ({ context }, testInfo) => {
  const page = await official(context, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await visit(page, testInfo, '/dashboard', 'dashboard');
  await page.locator('table a[href^="/dashboard/dossiers/"]').first().click();
  await expect(page).toHaveURL(/\/dashboard\/dossiers\//);
  await visit(page, testInfo, page.url(), 'case');
  await visit(page, testInfo, '/dashboard/statistics', 'statistics');
});

test('administrators’ pages', async ({ context }, testInfo) => {
  const agencyAdmin = await official(context, testInfo, 'quantri.benthanh@demo.dvc.vn');
  await visit(agencyAdmin, testInfo, '/dashboard/admin', 'agency-admin');
  await visit(agencyAdmin, testInfo, '/dashboard/catalog', 'agency-catalog');
  await visit(agencyAdmin, testInfo, '/dashboard/catalog/1.001193', 'form-editor');
  await visit(agencyAdmin, testInfo, '/dashboard/feedback', 'feedback-queue');

  const admin = await official(context, testInfo, 'quantri@demo.dvc.vn');
  await visit(admin, testInfo, '/dashboard/catalog/1.001193/definition', 'definition-editor');
  await visit(admin, testInfo, '/dashboard/new-procedure', 'new-procedure');
  await visit(admin, testInfo, '/dashboard/templates', 'templates');
  await visit(admin, testInfo, '/dashboard/holidays', 'holidays');
});
