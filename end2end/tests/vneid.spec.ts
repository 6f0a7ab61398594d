import { expect, Page, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, fillDate, hydrated, open } from './helpers';

// Signing in with VNeID through the sandbox provider (DVC_DEMO turns it on):
// the whole trip by plain redirects, the person's account opened or linked,
// and the step up to level 2 where a procedure needs it.

/** A small but real PDF. */
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n' + ' '.repeat(2_000) + '\n%%EOF\n', 'latin1');

/** On the sandbox's page: chooses the identity whose label matches and confirms. */
async function chooseIdentity(page: Page, identity: RegExp, audit: boolean) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VNeID thử nghiệm: chọn danh tính');
  if (audit) {
    await hydrated(page);
    await expectAccessible(page);
  }
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: 'Xác nhận đăng nhập' }).click();
}

test('a person signs in with VNeID from the sign-in page, and their account shows where its details come from @nojs @phone', async ({ page }, testInfo) => {
  const js = testInfo.project.use.javaScriptEnabled !== false;
  // Each project its own person, all new to DVC (they run at the same time).
  const person = {
    hydrated: /^Lê Văn Cường .*mức độ 1$/,
    'no-js': /^Phạm Minh Đức .*mức độ 1$/,
    phone: /^Vũ Thị Lan .*mức độ 2$/,
  }[testInfo.project.name]!;
  await open(page, '/login', testInfo);
  const vneid = page.getByRole('region', { name: 'Đăng nhập bằng VNeID' });
  await expect(vneid).toContainText('ứng dụng VNeID');
  if (js) await expectAccessible(page);
  await vneid.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
  await expect(page).toHaveURL(/\/sandbox\/vneid\/authorize\?.*code_challenge_method=S256/);
  await expect(page.getByText('Cổng dịch vụ công yêu cầu mức độ 1.')).toBeVisible();
  if (testInfo.project.name === 'phone') await expectNoHorizontalScroll(page);
  await chooseIdentity(page, person, js);
  await expect(page).toHaveURL(/\/account$/);
  if (js) await hydrated(page);
  const profile = page.getByRole('region', { name: 'Thông tin cá nhân' });
  await expect(profile.getByText(/^Họ tên, số định danh và ngày sinh lấy từ VNeID, cập nhật ngày \d\d\/\d\d\/\d{4}/)).toBeVisible();
  await expect(profile.getByRole('definition').first()).toHaveText(/^(Lê Văn Cường|Phạm Minh Đức|Vũ Thị Lan)$/);
  if (js) await expectAccessible(page);
});

test('a citizen at level 1 is asked to step up to VNeID level 2 to submit, and the draft waits for them', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await open(page, '/login', testInfo);
  await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
  await chooseIdentity(page, /^Nguyễn Thị Hoa .*mức độ 1$/, false);
  await expect(page).toHaveURL(/\/account$/);

  // The judicial record certificate, applied for online.
  await open(page, '/procedures/2.000488/apply', testInfo);
  await page.getByLabel('Tỉnh, thành phố nơi nộp hồ sơ').selectOption({ label: 'Thành phố Hồ Chí Minh' });
  await page.getByLabel('Cơ quan tiếp nhận hồ sơ').selectOption('000.00.31.H29');
  // Prefilled from VNeID.
  await expect(page.getByLabel('Họ, chữ đệm, tên')).toHaveValue('Nguyễn Thị Hoa');
  await expect(page.getByLabel('Số định danh cá nhân')).toHaveValue('079195004321');
  await page.getByLabel('Nữ', { exact: true }).check();
  await page.getByLabel('Tỉnh, thành phố', { exact: true }).selectOption({ label: 'Thành phố Hồ Chí Minh' });
  await page.getByLabel('Phường, xã, đặc khu').selectOption({ label: 'Phường Bến Thành' });
  await page.getByLabel('Số nhà, đường, thôn, tổ dân phố').fill('12 Lê Lợi');
  await page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').setInputFiles({ name: 'can-cuoc.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'can-cuoc.pdf' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByRole('button', { name: /^Thêm/ }).click();
  const period = page.getByRole('group', { name: 'Mục 1' });
  await fillDate(period, 'Từ ngày', '08/03/2009');
  await period.getByLabel('Nơi cư trú').fill('Phường Bến Thành, Thành phố Hồ Chí Minh');
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByLabel('Phiếu lý lịch tư pháp số 1').check();
  await page.getByLabel('Mục đích sử dụng Phiếu').fill('Bổ sung hồ sơ xin việc');
  await page.getByLabel('Số lượng Phiếu yêu cầu cấp').fill('1');
  await page.getByLabel('Không, tôi tự nộp').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

  // Refused at level 1, with the way up; nothing is lost.
  const refusal = page.getByRole('alert').filter({ hasText: 'Thủ tục này cần tài khoản định danh điện tử VNeID mức độ 2' });
  await expect(refusal).toBeVisible();
  await expect(page).toHaveURL(/draft=/);
  await expectAccessible(page);
  await refusal.getByRole('link', { name: 'Đăng nhập VNeID mức độ 2' }).click();
  await expect(page.getByText('Cổng dịch vụ công yêu cầu mức độ 2.')).toBeVisible();
  await chooseIdentity(page, /^Nguyễn Thị Hoa .*mức độ 2$/, true);

  // Back on the same draft, now at level 2: it goes in.
  await expect(page).toHaveURL(/\/procedures\/2\.000488\/apply\?.*draft=/);
  await hydrated(page);
  await expect(page.getByLabel('Mục đích sử dụng Phiếu')).toHaveCount(0);
  for (let step = 0; step < 3; step++) await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  const answers = page.getByRole('region', { name: 'Kiểm tra thông tin đã khai' });
  await expect(answers).toContainText('Bổ sung hồ sơ xin việc');
  await page.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible({ timeout: 10_000 });
  await expect(page).toHaveURL(/\/dossiers\/000\.00\.31\.H29-\d{6}-\d{4}\?submitted=1/);
});
