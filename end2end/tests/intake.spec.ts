import { expect, Page, test, TestInfo } from '@playwright/test';
import { act, DEMO_PASSWORD, expectAccessible, expectStatus, fillDate, hydrated, open, PDF, signIn, signInWithVneid } from './helpers';

// Desk intake: the one-stop desk's receiver takes in a paper dossier for
// the sandbox's Đỗ Thu Trang (certification of a signature, 2.000884, two
// documents), scanning both papers with their record; it gets its code and
// goes to its case page; accepted, its Form 01 prints. Trang, signed in
// with VNeID, finds it among her dossiers and the card in her document
// store, and later applies for a certified copy choosing that card from the
// store. Desk computers may have no JavaScript: the no-JS project does the
// same intake.

/** Starts an intake from the intake page: the procedure, the channel and the person. */
async function start(page: Page, procedure: string, channel: string, name: string, id: string) {
  await page.getByLabel('Thủ tục').selectOption(procedure);
  await page.getByLabel(channel).check();
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Số định danh cá nhân (12 số)').fill(id);
  await page.getByRole('button', { name: 'Bắt đầu tiếp nhận' }).click();
  await expect(page).toHaveURL(/\/dashboard\/intake\?draft=/);
}

async function takeIn(page: Page, testInfo: TestInfo): Promise<string> {
  // Axe runs in the page: with JavaScript (the same pages, audited once).
  const js = testInfo.project.use.javaScriptEnabled !== false;
  await signIn(page, testInfo, 'tiepnhan.benthanh@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);
  await open(page, '/dashboard', testInfo);
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ giấy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tiếp nhận hồ sơ giấy');
  if (js) {
    await hydrated(page);
    await expectAccessible(page);
  }
  await start(page, '2.000884', 'Nộp trực tiếp tại Bộ phận Một cửa', 'Đỗ Thu Trang', '001196008642');
  await expect(page.locator('.lead')).toContainText('Chứng thực chữ ký trong các giấy tờ, văn bản — hồ sơ của Đỗ Thu Trang');

  // The identity card, the original shown at the desk.
  const card = page.getByRole('region', { name: /^1\. Giấy tờ tùy thân/ });
  await expect(card.getByText('Chưa quét.')).toBeVisible();
  await card.getByLabel('Tên giấy tờ').fill('Căn cước');
  await card.getByLabel('Số, ký hiệu').fill('001196008642');
  await card.getByLabel('Cơ quan cấp').fill('Bộ Công an');
  await fillDate(card, 'Ngày cấp', '10/04/2021');
  await fillDate(card, 'Có giá trị đến', '14/02/2036');
  await card.getByLabel('Tệp quét hoặc ảnh chụp').setInputFiles({ name: 'can-cuoc.pdf', mimeType: 'application/pdf', buffer: PDF });
  await card.getByRole('button', { name: 'Lưu bản quét' }).click();
  await expect(page.getByRole('region', { name: /^1\. Giấy tờ tùy thân/ }).getByRole('link', { name: 'can-cuoc.pdf' })).toBeVisible();
  await expect(page.getByRole('region', { name: /^1\. Giấy tờ tùy thân/ })).toContainText('Bản chính · Căn cước 001196008642');

  // The paper to be signed, a copy.
  const paper = page.getByRole('region', { name: /^2\. Giấy tờ, văn bản mà mình sẽ ký/ });
  await paper.getByLabel('Bản sao').check();
  await paper.getByLabel('Tệp quét hoặc ảnh chụp').setInputFiles({ name: 'van-ban.pdf', mimeType: 'application/pdf', buffer: PDF });
  await paper.getByRole('button', { name: 'Lưu bản quét' }).click();
  await expect(page.getByRole('region', { name: /^2\. Giấy tờ, văn bản mà mình sẽ ký/ }).getByRole('link', { name: 'van-ban.pdf' })).toBeVisible();
  if (js) {
    await hydrated(page);
    await expectAccessible(page);
  }

  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  await expect(page).toHaveURL(/\/dashboard\/dossiers\/[^/?]+$/);
  const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(page.locator('dl.facts').first()).toContainText('Nộp trực tiếp tại Bộ phận Một cửa');
  return code;
}

test('a receiver takes in a paper dossier with two scans, prints Form 01, and the person follows it with VNeID', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const code = await takeIn(page, testInfo);
  await hydrated(page);
  await expectAccessible(page);
  await act(page, 'Tiếp nhận hồ sơ');
  await expectStatus(page, 'Được tiếp nhận');
  const receipt = await page.request.get(`/dossiers/${code}/forms/01`);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()['content-type']).toBe('application/pdf');

  await signInWithVneid(page, /^Đỗ Thu Trang .*mức độ 2$/);
  await open(page, '/dossiers', testInfo);
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(page.getByRole('note')).toContainText('Hồ sơ giấy của bạn, do Lê Thị Thu tiếp nhận (Nộp trực tiếp tại Bộ phận Một cửa).');
  await expectStatus(page, 'Được tiếp nhận');
  await expectAccessible(page);

  // Her document store holds the identity card digitised at the desk.
  await open(page, '/account/documents', testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kho dữ liệu của tôi');
  // (The no-JavaScript journey may have taken in another dossier for her.)
  const stored = page.getByRole('row').filter({ hasText: code }).filter({ hasText: 'Căn cước' });
  await expect(stored).toContainText('001196008642');
  await expect(stored).toContainText('Đến 14/02/2036');
  await expect(stored).toContainText('Số hóa tại bộ phận một cửa');
  await hydrated(page);
  await expectAccessible(page);

  // Later she applies for a certified copy, choosing that card from the
  // store instead of uploading it again.
  await open(page, '/procedures/2.000815/apply', testInfo);
  await hydrated(page);
  await page.getByLabel('Tỉnh, thành phố nơi nộp hồ sơ').selectOption({ label: 'Thành phố Hồ Chí Minh' });
  await page.getByLabel('Cơ quan tiếp nhận hồ sơ').selectOption('000.20.01.H29');
  const first = page.locator('.file-slot').first();
  await first.getByLabel('Chọn từ kho').selectOption({ label: `Căn cước 001196008642 — Số hóa tại bộ phận một cửa (${code})` });
  await first.getByRole('button', { name: 'Dùng giấy tờ này' }).click();
  await expect(first.getByRole('link', { name: 'can-cuoc.pdf' })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').nth(1).setInputFiles({ name: 'ban-sao.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('link', { name: 'ban-sao.pdf' })).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
  await page.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('link', { name: 'can-cuoc.pdf' })).toBeVisible();
});

test('a receiver takes in a paper dossier without JavaScript @nojs', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await takeIn(page, testInfo);
});

test('a receiver types the paper form of a procedure that has one, checked as online', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, testInfo, 'tiepnhan.benthanh@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);
  await open(page, '/dashboard/intake', testInfo);
  await hydrated(page);
  await start(page, '1.001193', 'Qua dịch vụ bưu chính công ích', 'Phan Văn Đức', '079090001234');

  // The paper form, typed on the page: saved, and checked by the same rules.
  await hydrated(page);
  await expectAccessible(page);
  const form = page.getByRole('region', { name: 'Tờ khai' });
  await form.getByLabel('Họ, chữ đệm, tên').first().fill('Phan Văn Đức');
  await form.getByLabel('Số điện thoại').first().fill('12');
  // Enter saves, as the button does (never a group's add or remove).
  await form.getByLabel('Số điện thoại').first().press('Enter');
  await expect(page).toHaveURL(/form=saved/);
  const saved = page.getByRole('region', { name: 'Tờ khai' });
  await expect(saved.getByRole('status')).toContainText('lỗi cần sửa trước khi tiếp nhận');
  await expect(saved.getByLabel('Họ, chữ đệm, tên').first()).toHaveValue('Phan Văn Đức');
  await expect(page.locator('#declarant\\.phone-error')).toHaveText('Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).');
  await hydrated(page);
  await expectAccessible(page);
});
