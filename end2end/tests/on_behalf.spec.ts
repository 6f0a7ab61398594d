import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, open, PDF, registerCitizen, signInWithVneid } from './helpers';

// Applying on behalf of another person (nộp thay): a citizen files a
// certified copy for the sandbox's Đỗ Thu Trang, naming her and uploading
// the authorisation; the dossier shows both; Trang, signed in with VNeID,
// finds it among her dossiers and follows it, while the filer acts on it.

test('a citizen files for another person with an authorisation, and that person follows it with VNeID', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await registerCitizen(page, testInfo, 21, 'Ngô Văn Tín');
  await open(page, '/procedures/2.000815/apply', testInfo);
  await hydrated(page);
  const applicant = page.getByRole('group', { name: 'Nộp hồ sơ với tư cách' });
  await expect(applicant.getByLabel('Cá nhân tôi')).toBeChecked();
  await expect(page.getByLabel('Họ và tên người được nộp thay')).toHaveCount(0);
  await applicant.getByLabel('Nộp thay người khác (có văn bản ủy quyền)').check();
  await page.getByLabel('Họ và tên người được nộp thay').fill('Đỗ Thu Trang');
  const id = page.getByLabel('Số định danh cá nhân của người được nộp thay');
  await id.fill('0011');
  await id.blur();
  const idError = page.locator('#_person_id-error');
  await expect(idError).toHaveText('Số định danh cá nhân gồm đúng 12 chữ số.');
  await expect(id).toHaveAttribute('aria-describedby', '_person_id-error');
  await id.fill('001196008642');
  await expect(idError).toHaveCount(0);
  await page.getByLabel('Tỉnh, thành phố nơi nộp hồ sơ').selectOption({ label: 'Thành phố Hồ Chí Minh' });
  await page.getByLabel('Cơ quan tiếp nhận hồ sơ').selectOption('000.20.01.H29');
  // The procedure's two documents; the authorisation is asked for apart.
  const inputs = page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)');
  await inputs.nth(1).setInputFiles({ name: 'giay-to-goc.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'giay-to-goc.pdf' })).toBeVisible({ timeout: 20_000 });
  await inputs.nth(2).setInputFiles({ name: 'ban-sao.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'ban-sao.pdf' })).toBeVisible({ timeout: 20_000 });
  // Without the authorisation the step does not go on: the summary says what is missing.
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('Văn bản ủy quyền');
  await summary.getByRole('link', { name: /Văn bản ủy quyền/ }).click();
  const person = page.locator('.person-concerned');
  await expect(person.getByLabel('Họ và tên người được nộp thay')).toHaveValue('Đỗ Thu Trang');
  await person.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').setInputFiles({ name: 'uy-quyen.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'uy-quyen.pdf' })).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible({ timeout: 10_000 });
  const code = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Mã hồ sơ', '').trim();
  const facts = page.locator('dl.facts');
  await expect(facts).toContainText('Người được nộp thay');
  await expect(facts).toContainText('Đỗ Thu Trang (số định danh 001196008642)');
  await expect(facts).toContainText('Ngô Văn Tín');
  await expect(page.getByRole('link', { name: 'uy-quyen.pdf' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Rút hồ sơ' })).toBeVisible();

  // Trang signs in with VNeID: the dossier is among hers, to follow, not to act on.
  await signInWithVneid(page, /^Đỗ Thu Trang .*mức độ 2$/);
  await open(page, '/dossiers', testInfo);
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(page.getByRole('note')).toContainText('Hồ sơ này do Ngô Văn Tín nộp thay bạn.');
  await expect(page.locator('dl.facts')).toContainText('Đỗ Thu Trang (số định danh 001196008642)');
  await expect(page.getByRole('heading', { name: 'Rút hồ sơ' })).toHaveCount(0);
  await expectAccessible(page);
});
