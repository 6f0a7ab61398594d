import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, hydrated, open, registerCitizen, signIn } from './helpers';

// The agency administrator of UBND phường Bến Thành takes on temporary
// residence registration (1.004222), sets its own processing time and fee,
// adds a field to its own form, previews and publishes it; a citizen of the
// ward then applies to it and is asked the new field, and is offered the
// national form on choosing another agency.
test('an agency administrator adopts a procedure, sets its terms and publishes its own form', async ({ page, browser }, testInfo) => {
  // Two people, a dozen pages and a published form: as long as the other two-person journeys.
  test.setTimeout(90_000);
  await signIn(page, testInfo, 'quantri.benthanh@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);
  await open(page, '/dashboard', testInfo);
  await page.getByRole('link', { name: 'Danh mục thủ tục' }).click();
  await expect(page).toHaveURL(/\/dashboard\/catalog$/);
  await hydrated(page);
  await expectAccessible(page);

  // Found without diacritics; not yet implemented here.
  await page.getByRole('searchbox', { name: 'Tìm thủ tục theo tên hoặc mã' }).fill('tam tru');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/q=tam/);
  await hydrated(page);
  const item = page.locator('li.panel').filter({ hasText: '1.004222' });
  await expect(item).toContainText('Cơ quan chưa thực hiện');
  await item.getByRole('button', { name: 'Nhận thực hiện 1.004222' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu thay đổi.' })).toBeVisible();
  await expect(item).toContainText('Cơ quan đang thực hiện');

  // Its own processing time and fee.
  await item.locator('summary').filter({ hasText: 'Điều chỉnh thời hạn và phí tại cơ quan' }).click();
  await item.getByLabel('Thời hạn giải quyết (ngày làm việc)').fill('2');
  const fees = item.locator('input[id^="fee-"]');
  await expect(fees).toHaveCount(1);
  await fees.first().fill('5000');
  await item.getByRole('button', { name: 'Lưu thời hạn và phí' }).click();
  await expect(item).toContainText('có quy định riêng của cơ quan');

  // Its own form: a new field, previewed with the real renderer, then published.
  await item.getByRole('link', { name: 'Biểu mẫu trực tuyến' }).click();
  await expect(page).toHaveURL(/\/dashboard\/catalog\/1\.004222$/);
  await hydrated(page);
  await expect(page.getByText('Biểu mẫu riêng của')).toBeVisible();
  await expectAccessible(page);
  await page.locator('summary').filter({ hasText: 'Thêm trường' }).click();
  await page.getByLabel('Phần của biểu mẫu').selectOption({ index: 1 });
  await page.getByLabel('Mã trường').fill('so_phong');
  await page.getByLabel('Nhãn (tiếng Việt)').fill('Số phòng trọ');
  await page.getByLabel('Nhãn (tiếng Anh)').fill('Room number');
  await page.getByLabel('Bắt buộc').check();
  await page.getByRole('button', { name: 'Thêm vào biểu mẫu' }).click();
  const preview = page.locator('.form-preview');
  await expect(preview.getByLabel('Số phòng trọ')).toBeVisible();
  await preview.getByRole('button', { name: 'Kiểm tra như khi nộp' }).click();
  await expect(preview.getByRole('status')).toContainText('lỗi');
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu bản nháp; có thể xuất bản.' })).toBeVisible();
  await page.getByRole('button', { name: 'Xuất bản' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã xuất bản phiên bản 1.' })).toBeVisible();
  await expect(page.getByRole('table').getByText('Đang áp dụng')).toBeVisible();
  await expectAccessible(page);

  // A citizen of phường Bến Thành applies: the ward is preselected from the
  // address, with its own terms and its own form.
  const context = await browser.newContext();
  const citizen = await context.newPage();
  await registerCitizen(citizen, testInfo, 17, 'Phạm Thị Hoa');
  const profile = await citizen.request.post('/api/update_profile', {
    headers: { Accept: 'application/json' },
    form: {
      'form[phone]': '0912345678', 'form[email]': `hoa.${Date.now()}@example.vn`,
      'form[province_code]': '79', 'form[ward_code]': '26743', 'form[street]': '12 Lê Lợi',
    },
  });
  expect(profile.status(), await profile.text()).toBe(200);
  await open(citizen, '/procedures/1.004222/apply', testInfo);
  await hydrated(citizen);
  await expect(citizen.getByLabel('Cơ quan tiếp nhận hồ sơ')).toHaveValue('000.20.01.H29');
  await expect(citizen.getByText('Tại cơ quan này: 2 ngày làm việc')).toBeVisible();
  // The guide before the first step gives the ward's own time and fee, not the national ones.
  const guide = citizen.getByRole('region', { name: 'Trước khi bắt đầu: những gì bạn cần' });
  await expect(guide).toContainText('2 ngày làm việc');
  await expect(guide).toContainText('5.000 đ');
  await expect(guide).not.toContainText('15.000 đ');
  await expect(citizen.getByLabel(/Số phòng trọ/)).toBeVisible();
  await expectAccessible(citizen);

  // Another agency of the city uses the national form: the page offers it,
  // keeping the answers, and opens again with that form.
  const agencies = citizen.getByLabel('Cơ quan tiếp nhận hồ sơ');
  const values = await agencies.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const other = values.find((v) => v !== '' && v !== '000.20.01.H29');
  expect(other, values.join()).toBeTruthy();
  await agencies.selectOption(other!);
  await expect(citizen.getByText('Cơ quan này dùng biểu mẫu khác với biểu mẫu đang hiển thị.')).toBeVisible();
  await expectAccessible(citizen);
  await citizen.getByRole('button', { name: 'Dùng biểu mẫu của cơ quan này' }).click();
  await expect(citizen).toHaveURL(/draft=/);
  await hydrated(citizen);
  await expect(citizen.getByLabel('Cơ quan tiếp nhận hồ sơ')).toHaveValue(other!);
  await expect(citizen.getByLabel(/Số phòng trọ/)).toHaveCount(0);
  await context.close();
});

// The system administrator changes a national definition (Gia hạn giấy phép
// xây dựng, 1.009996: no other journey uses it): the draft is the catalog
// file's text, saved, then published from today; the public page shows the
// new processing time and the version in force, which downloads as a file.
test('a system administrator publishes a new version of a national definition', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'quantri@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);
  await open(page, '/dashboard/catalog/1.009996', testInfo);
  await hydrated(page);
  await page.getByRole('link', { name: /Sửa quy định của thủ tục/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/catalog\/1\.009996\/definition$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gia hạn giấy phép xây dựng');
  await expectAccessible(page);
  const text = page.getByLabel(/Nội dung quy định/);
  const v1 = await text.inputValue();
  expect(v1).toContain('processing_days = 5');
  // Unsaved changes are not published.
  await text.fill(v1.replace('processing_days = 5', 'processing_days = 4'));
  await expect(page.getByRole('button', { name: 'Xuất bản' })).toBeDisabled();
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu bản nháp; có thể xuất bản.' })).toBeVisible();
  await page.getByRole('button', { name: 'Xuất bản' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã xuất bản phiên bản 2.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^2 / })).toContainText('Đang áp dụng');
  await expectAccessible(page);
  const download = await page.request.get(await page.getByRole('link', { name: 'Tải tệp phiên bản 2' }).getAttribute('href') ?? '');
  expect(await download.text()).toContain('processing_days = 4');

  await open(page, '/procedures/1.009996', testInfo);
  await expect(page.getByText('4 ngày làm việc').first()).toBeVisible();
  await expect(page.getByText(/Phiên bản 2 của thủ tục, hiệu lực từ/)).toBeVisible();
});

// The system administrator uploads a form template and creates a national
// procedure whose document offers it; the public page shows the procedure
// at once, and citizens download the template as it was uploaded.
test('a system administrator uploads a template and creates a new procedure', async ({ page }, testInfo) => {
  // A code and a file name of this attempt's own (a retry runs on the same database).
  const code = `1.99990${testInfo.retry}`;
  const file = `to-khai-thu-nghiem-${testInfo.retry}.pdf`;
  await signIn(page, testInfo, 'quantri@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$|\/dashboard/);

  await open(page, '/dashboard/templates', testInfo);
  await expectAccessible(page);
  await page.getByLabel('Tên mẫu (tiếng Việt)').fill('Tờ khai thử nghiệm');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  await page.getByLabel('Tệp mẫu').setInputFiles({ name: file, mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã tải lên mẫu' })).toContainText(`Đã tải lên mẫu “${file}”`);
  await expect(page.getByRole('row', { name: new RegExp(file.replace(/\./g, '\\.')) })).toBeVisible();
  await expectAccessible(page);

  await open(page, '/dashboard/catalog', testInfo);
  await page.getByRole('link', { name: 'Thêm thủ tục mới' }).click();
  await expect(page).toHaveURL(/\/dashboard\/new-procedure$/);
  await hydrated(page);
  await expectAccessible(page);
  // The starting text is not a procedure yet: the server says what is missing. (The sector is one
  // whose counts no other journey checks: every journey shares the run's database.)
  await page.getByRole('button', { name: 'Tạo thủ tục' }).click();
  await expect(page.getByRole('status').filter({ hasText: /lỗi phải sửa trước khi tạo thủ tục/ })).toBeVisible();
  await page.getByLabel(/Nội dung quy định/).fill(`sector = "bao-tro-xa-hoi"

[[procedure]]
code = "${code}"
name_vi = "Thủ tục thử nghiệm tạo mới"
name_en = "A newly created test procedure"
agency = "000.20.01.H29"
level = 2
processing_days = 3
applicants = { vi = "Công dân Việt Nam", en = "Vietnamese citizens" }
result = { vi = "Giấy xác nhận", en = "A confirmation" }
channels = ["desk"]
steps = [{ vi = "Nộp hồ sơ tại Bộ phận Một cửa", en = "File at the one-stop desk" }]
documents = [{ vi = "Tờ khai thử nghiệm", en = "The test form", template = "${file}" }]
`);
  await page.getByRole('button', { name: 'Tạo thủ tục' }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/catalog/${code.replace('.', '\\.')}/definition$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Thủ tục thử nghiệm tạo mới');

  await open(page, `/procedures/${code}`, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Thủ tục thử nghiệm tạo mới');
  const link = page.getByRole('link', { name: /Tờ khai thử nghiệm/ });
  const download = await page.request.get((await link.getAttribute('href')) ?? '');
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect((await download.body()).equals(pdf)).toBe(true);
});
