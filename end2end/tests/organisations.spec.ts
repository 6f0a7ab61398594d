import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, open, signInWithVneid } from './helpers';

// Organisations: the legal representative signs in with the company's VNeID
// business identity (the sandbox's Hoàng Minh Khoa, Công ty TNHH Sen Vàng),
// which opens the company on the portal; he adds and removes a member, and
// files a dossier on the company's behalf.

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n' + ' '.repeat(2_000) + '\n%%EOF\n', 'latin1');

test('a business representative opens the company with VNeID, manages its members and applies on its behalf', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // A person who has signed in with VNeID before (so VNeID vouched for her ID number): the one to add.
  await signInWithVneid(page, /^Đỗ Thu Trang .*mức độ 1$/);
  await signInWithVneid(page, /^Hoàng Minh Khoa .*mức độ 2, đại diện Công ty TNHH Sen Vàng \(MST 0312345673\)$/);

  await open(page, '/account/organisations', testInfo);
  await hydrated(page);
  const company = page.getByRole('region', { name: 'Công ty TNHH Sen Vàng' });
  await expect(company).toContainText('0312345673');
  await expect(company).toContainText('Người đại diện theo pháp luật');
  await company.getByLabel('Số định danh cá nhân (CCCD)').fill('0010');
  await company.getByRole('button', { name: 'Thêm thành viên' }).click();
  await expect(company.getByText('Số định danh cá nhân gồm đúng 12 chữ số.')).toBeVisible();
  await company.getByLabel('Số định danh cá nhân (CCCD)').fill('001196008642');
  await company.getByRole('button', { name: 'Thêm thành viên' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã thêm thành viên.' })).toBeVisible();
  const row = company.getByRole('row', { name: /Đỗ Thu Trang/ });
  await expect(row).toContainText('Thành viên');
  await expectAccessible(page);
  await row.getByRole('button', { name: 'Xóa Đỗ Thu Trang khỏi tổ chức' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã xóa thành viên khỏi tổ chức.' })).toBeVisible();
  await expect(company.getByRole('row', { name: /Đỗ Thu Trang/ })).toHaveCount(0);

  // A certified copy, filed on the company's behalf.
  await open(page, '/procedures/2.000815/apply', testInfo);
  await hydrated(page);
  const applicant = page.getByRole('group', { name: 'Nộp hồ sơ với tư cách' });
  await expect(applicant.getByLabel('Cá nhân tôi')).toBeChecked();
  await applicant.getByLabel('Nhân danh Công ty TNHH Sen Vàng (MST 0312345673)').check();
  await expectAccessible(page);
  await page.getByLabel('Tỉnh, thành phố nơi nộp hồ sơ').selectOption({ label: 'Thành phố Hồ Chí Minh' });
  await page.getByLabel('Cơ quan tiếp nhận hồ sơ').selectOption('000.20.01.H29');
  const inputs = page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)');
  await inputs.nth(0).setInputFiles({ name: 'giay-chung-nhan-dkdn.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'giay-chung-nhan-dkdn.pdf' })).toBeVisible({ timeout: 20_000 });
  await inputs.nth(1).setInputFiles({ name: 'ban-sao.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'ban-sao.pdf' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible({ timeout: 10_000 });
  const facts = page.locator('dl.facts');
  await expect(facts).toContainText('Tổ chức nộp hồ sơ');
  await expect(facts).toContainText('Công ty TNHH Sen Vàng (MST 0312345673)');
  await expect(facts).toContainText('Người thực hiện');
  await expect(facts).toContainText('Hoàng Minh Khoa');
  await expectAccessible(page);
});
