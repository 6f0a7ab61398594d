import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';
import { CITIZEN_PASSWORD, expectAccessible, expectNoHorizontalScroll, hydrated, open, registerCitizen, fillDate } from './helpers';

/** A small but real PDF. */
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n' + ' '.repeat(20_000) + '\n%%EOF\n', 'latin1');

const summary = (page: Page) => page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });

test.describe('applying online', () => {
  test('fill a form with a condition and a group, fix errors, resume the draft elsewhere, upload, submit', async ({ page, browser }, testInfo) => {
    // A whole journey on two devices.
    test.setTimeout(120_000);
    const citizenId = await registerCitizen(page, testInfo, 11);
    await open(page, '/procedures/1.004194/apply', testInfo);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Đăng ký thường trú');
    // Before the first step: the papers, fees, time and result, and how long filling takes.
    const guide = page.getByRole('region', { name: 'Trước khi bắt đầu: những gì bạn cần' });
    await expect(guide).toContainText(/Điền hồ sơ mất khoảng \d+ phút/);
    await expect(guide).toContainText('Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp');
    await expectAccessible(page);
    // Prefilled from the profile, editable.
    await expect(page.getByLabel('Số định danh cá nhân')).toHaveValue(citizenId);
    await page.getByLabel('Thư điện tử').fill('sai-dia-chi');
    await page.getByLabel('Thư điện tử').blur();
    await expect(page.locator('[id="applicant.email-error"]')).toContainText('Địa chỉ thư điện tử không hợp lệ');
    await page.getByLabel('Thư điện tử').fill(`an.${citizenId}@example.vn`);
    await expect(page.locator('[id="applicant.email-error"]')).toHaveCount(0);
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();

    // Step 2: the condition shows the owner's name only for a rented home.
    await expect(page.getByText('Bước 2/4')).toBeVisible();
    await expect(page.getByLabel('Họ, tên chủ hộ hoặc chủ sở hữu chỗ ở')).toHaveCount(0);
    await page.getByLabel('Chỗ ở hợp pháp thuộc').selectOption('thue_muon');
    await expect(page.getByLabel('Họ, tên chủ hộ hoặc chủ sở hữu chỗ ở')).toBeVisible();
    await page.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hà Nội' });
    await page.getByLabel('Phường, xã, đặc khu').selectOption({ label: 'Phường Hoàn Kiếm' });
    await page.getByLabel('Số nhà, đường, thôn, tổ dân phố').fill('12 Hàng Bài');
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
    // Errors: summarised at the top, linked to their fields; nothing moves on.
    await expect(summary(page)).toContainText('Họ, tên chủ hộ hoặc chủ sở hữu chỗ ở: Vui lòng nhập thông tin này.');
    await expect(summary(page)).toContainText('Giấy tờ chứng minh chỗ ở hợp pháp');
    await expect(page.getByText('Bước 2/4')).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Họ, tên chủ hộ hoặc chủ sở hữu chỗ ở').fill('Trần Văn Chủ');
    // A slow connection shows the upload's progress.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 150 * 1024 });
    const bigPdf = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 0x20)]);
    await page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').setInputFiles({ name: 'hop-dong-thue-nha.pdf', mimeType: 'application/pdf', buffer: bigPdf });
    await expect(page.locator('progress')).toBeVisible();
    await expect(page.getByRole('link', { name: 'hop-dong-thue-nha.pdf' })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('progress')).toHaveCount(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // A program disguised as a PDF is refused by its content.
    await page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').setInputFiles({ name: 'giay-to.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000)]) });
    await expect(page.getByText('Tệp không đúng định dạng cho phép')).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();

    // Step 3: a repeatable group.
    await expect(page.getByText('Bước 3/4')).toBeVisible();
    await page.getByRole('button', { name: /^Thêm/ }).click();
    const entry = page.getByRole('group', { name: 'Mục 1' });
    await entry.getByLabel('Họ, chữ đệm, tên').fill('Nguyễn Thị Bình');
    await fillDate(entry, 'Ngày sinh', '02/03/2015');
    // The save of the last answer, not an earlier one whose status still shows:
    // a save landing after the other device opened the draft would conflict there.
    const lastSaved = page.waitForResponse((r) => r.url().endsWith('/api/save_draft') && r.ok() && (r.request().postData() ?? '').includes('Con'));
    await entry.getByLabel('Quan hệ với người đăng ký').fill('Con');
    await entry.getByLabel('Quan hệ với người đăng ký').blur();
    await lastSaved;
    await expect(page.getByRole('status').filter({ hasText: 'Đã lưu nháp lúc' })).toBeVisible({ timeout: 10_000 });

    // The same citizen on another device: the draft is there, files included.
    // …a phone, 360 px wide.
    const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'vi-VN', viewport: { width: 360, height: 740 }, hasTouch: true });
    const phone = await other.newPage();
    await open(phone, '/login', testInfo);
    await phone.getByLabel('Số định danh cá nhân hoặc thư điện tử').fill(citizenId);
    await phone.getByLabel('Mật khẩu', { exact: true }).fill(CITIZEN_PASSWORD);
    await phone.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(phone).not.toHaveURL(/\/login/);
    await open(phone, '/dossiers', testInfo);
    await expectAccessible(phone);
    await phone.getByRole('link', { name: 'Đăng ký thường trú' }).click();
    await expect(phone.getByText('Bước 1/4')).toBeVisible();
    await expectNoHorizontalScroll(phone);
    await expect(phone.getByLabel('Thư điện tử')).toHaveValue(`an.${citizenId}@example.vn`);
    await phone.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(phone.getByRole('link', { name: 'hop-dong-thue-nha.pdf' })).toBeVisible();
    await phone.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(phone.getByRole('group', { name: 'Mục 1' }).getByLabel('Họ, chữ đệm, tên')).toHaveValue('Nguyễn Thị Bình');
    await phone.getByRole('button', { name: 'Tiếp tục' }).last().click();

    // Review: every answer, each section with "Thay đổi", which returns here.
    await expect(phone.getByText('Bước 4/4')).toBeVisible();
    const answers = phone.getByRole('region', { name: 'Kiểm tra thông tin đã khai' });
    await expect(answers).toContainText('Trần Văn Chủ');
    await expect(answers).toContainText('02/03/2015');
    await answers.getByRole('button', { name: 'Thay đổi nơi đăng ký thường trú' }).click();
    await expect(phone.getByText('Bước 2/4')).toBeVisible();
    await phone.getByLabel('Họ, tên chủ hộ hoặc chủ sở hữu chỗ ở').fill('Trần Văn Chủ Nhà');
    await phone.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(phone.getByText('Bước 4/4')).toBeVisible();
    await expect(answers).toContainText('Trần Văn Chủ Nhà');
    // Fees, delivery, submit.
    await expectNoHorizontalScroll(phone);
    await expect(phone.getByText('Lệ phí đăng ký thường trú: 20.000')).toBeVisible();
    await expectAccessible(phone);
    await phone.getByLabel('Nhận trực tiếp tại Bộ phận Một cửa').check();
    await phone.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expect(phone.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible({ timeout: 10_000 });
    await expect(phone).toHaveURL(/\/dossiers\/000\.20\.51\.H29-\d{6}-\d{4}\?submitted=1/);
    // A level-4 service with a fee: the dossier first waits for the payment.
    await expect(phone.locator('.status-badge')).toHaveText('Yêu cầu thực hiện nghĩa vụ tài chính');
    await expect(phone.getByText('Số tiền cần nộp: 20.000 đ.', { exact: false })).toBeVisible();
    await expect(phone.locator('.secret')).toHaveText(/^[A-Z2-9]{8}$/);
    await expectNoHorizontalScroll(phone);
    await expectAccessible(phone);
    // The confirmation, as a PDF.
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('link', { name: 'Tải giấy xác nhận nộp hồ sơ (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^xac-nhan-nop-ho-so-.*\.pdf$/);
    const saved = await download.path();
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    await other.close();

    // The first device's list shows it too.
    await open(page, '/dossiers', testInfo);
    await expect(page.getByRole('cell', { name: 'Yêu cầu thực hiện nghĩa vụ tài chính' })).toBeVisible();
  });

  test('answers kept on this computer leave with the citizen who signs out', async ({ page }, testInfo) => {
    // A shared computer at a library or a desk: the next person finds nobody's answers.
    await registerCitizen(page, testInfo, 15);
    await open(page, '/procedures/1.004194/apply', testInfo);
    const localCopies = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('dvc-apply:')));
    await page.getByLabel('Thư điện tử').fill('an.may-dung-chung@example.vn');
    // Kept at once, under the signed-in citizen's own key.
    await expect.poll(localCopies).toEqual([expect.stringMatching(/^dvc-apply:\d+:1\.004194$/)]);
    await open(page, '/account', testInfo);
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(localCopies).toEqual([]);
  });

  test('a dossier submitted without JavaScript @nojs', async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const scripted = testInfo.project.use.javaScriptEnabled !== false;
    await registerCitizen(page, testInfo, 12);
    await open(page, '/procedures/1.004194/apply', testInfo);
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(page.getByText('Bước 2/4')).toBeVisible();
    // Without a script the wards of a province come with the next page.
    await page.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hà Nội' });
    await page.getByLabel('Chỗ ở hợp pháp thuộc').selectOption('so_huu');
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
    // The server re-renders the step with its errors.
    await expect(summary(page)).toContainText('Giấy tờ chứng minh chỗ ở hợp pháp');
    // axe runs as a script in the page: the hydrated run of this test audits the same markup.
    if (scripted) await expectAccessible(page);
    await page.getByLabel('Phường, xã, đặc khu').selectOption({ label: 'Phường Hoàn Kiếm' });
    await page.getByLabel('Số nhà, đường, thôn, tổ dân phố').fill('12 Hàng Bài');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    // The page may have been posted before its script ran: the upload below is the script's once it runs.
    if (scripted) await hydrated(page);
    await page.getByLabel('Chọn tệp (có thể kéo thả tệp vào đây)').setInputFiles({ name: 'so-do.pdf', mimeType: 'application/pdf', buffer: PDF });
    // A script uploads as soon as the file is chosen; a plain form needs the button.
    if (!scripted) await page.getByRole('button', { name: 'Tải tệp lên' }).click();
    await expect(page.getByRole('link', { name: 'so-do.pdf' })).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(page.getByText('Bước 3/4')).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục' }).last().click();
    await expect(page.getByText('Bước 4/4')).toBeVisible();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expect(page.getByRole('heading', { name: 'Nộp hồ sơ thành công' })).toBeVisible();
    // Withdrawn before the agency accepts it.
    await page.getByLabel('Lý do rút hồ sơ (không bắt buộc)').fill('Nộp nhầm');
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await expect(page.locator('.status-badge')).toHaveText('Công dân đã rút hồ sơ');
  });

  test('chooses where to apply, a ward of another city, kept with the draft @nojs', async ({ page }, testInfo) => {
    const scripted = testInfo.project.use.javaScriptEnabled !== false;
    await registerCitizen(page, testInfo, 16);
    await open(page, '/procedures/1.004873/apply', testInfo);
    // Applying starts with the agency; without an address in the profile, the one the procedure names.
    const province = page.getByLabel('Tỉnh, thành phố nơi nộp hồ sơ');
    const agency = page.getByLabel('Cơ quan tiếp nhận hồ sơ');
    await expect(agency).toHaveValue('000.20.01.H29');
    await expect(page.getByText('Tại cơ quan này: 3 ngày làm việc; phí, lệ phí 3.000 đ.')).toBeVisible();
    if (scripted) await expectAccessible(page);
    await province.selectOption({ label: 'Thành phố Hà Nội' });
    await page.getByRole('button', { name: 'Hiện các cơ quan của tỉnh' }).click();
    await expect(agency.locator('option')).toHaveCount(127); // "Choose" and Hà Nội's 126 wards
    await agency.selectOption({ label: 'Ủy ban nhân dân phường Hoàn Kiếm' });
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    if (scripted) await expect(page.getByRole('status').filter({ hasText: 'Đã lưu nháp lúc' })).toBeVisible({ timeout: 10_000 });
    // Back later: the draft goes to Hoàn Kiếm.
    await open(page, '/procedures/1.004873/apply', testInfo);
    await expect(province).toHaveValue('1');
    await expect(agency).toHaveValue('000.20.01.H26');
  });
});
