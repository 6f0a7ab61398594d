import { expect, Page, test } from '@playwright/test';
import { act, DEMO_PASSWORD, expectAccessible, expectStatus, hydrated, official, open, openPanel, PDF, registerCitizen, signIn, submitBirthRegistration, fillDate } from './helpers';

/** The ratings the public statistics count at Bến Thành, all procedures together (its page, no
 *  sign-in): a procedure's own row may be withheld, when the agency's other small groups could be
 *  told from it, whatever other journeys filed meanwhile. The page answers the snapshot it has while
 *  a fresh one is built (every second here), so it is read until the figures show. */
async function publicRatings(page: Page): Promise<number> {
  let rated = NaN;
  await expect.poll(async () => {
    await page.goto('/statistics?agency=000.20.01.H29');
    const table = page.getByRole('table').first();
    const heads = await table.getByRole('columnheader').allTextContents();
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Tổng cộng', exact: true }) });
    // The row's header is the first column: its cells start at the second.
    const cells = row.getByRole('cell');
    const column = heads.indexOf('Số đánh giá') - 1;
    if (column < 0 || (await cells.count()) <= column) return false;
    rated = Number(await cells.nth(column).textContent());
    return true;
  }, { timeout: 20_000 }).toBe(true);
  return rated;
}

test('a dossier goes from submission to the returned result, and the citizen sees every step', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const contexts = await Promise.all([0, 1, 2, 3].map(() => browser.newContext()));
  const [citizenContext, receiverContext, processorContext, approverContext] = contexts;
  const citizen = await citizenContext.newPage();
  await registerCitizen(citizen, testInfo, 19);
  const code = await submitBirthRegistration(citizen);
  // Four more: the group is large enough (five) for the public figures to show.
  for (let i = 0; i < 4; i++) await submitBirthRegistration(citizen);

  // The receiver finds it among the new submissions and accepts it: the receipt (Form 01).
  const receiver = await official(receiverContext, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await open(receiver, `/dashboard?queue=new&q=${code}`, testInfo);
  await expect(receiver.getByRole('link', { name: code })).toBeVisible();
  await expectAccessible(receiver);
  await receiver.getByRole('link', { name: code }).click();
  await expect(receiver.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(receiver.getByText('Nguyễn Văn An').first()).toBeVisible();
  await expectAccessible(receiver);
  await act(receiver, 'Tiếp nhận hồ sơ');
  await expectStatus(receiver, 'Được tiếp nhận');
  const receipt = await receiver.request.get(`/dossiers/${code}/forms/01`);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()['content-type']).toBe('application/pdf');
  expect((await receipt.body()).toString('latin1')).toContain(code);

  // The citizen sees the acceptance, the appointment and how it was computed.
  await open(citizen, `/dossiers/${code}`, testInfo);
  await expectStatus(citizen, 'Được tiếp nhận');
  await expect(citizen.getByRole('heading', { name: 'Thời hạn giải quyết' })).toBeVisible();
  await expect(citizen.getByText('Ngày hẹn trả kết quả', { exact: true })).toBeVisible();
  await expect(citizen.getByRole('link', { name: /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/ })).toBeVisible();
  await expectAccessible(citizen);

  // The processor takes it and asks for a clearer birth notice.
  const processor = await official(processorContext, testInfo, 'xuly.benthanh@demo.dvc.vn');
  await open(processor, `/dashboard?queue=unassigned&q=${code}`, testInfo);
  await processor.getByRole('link', { name: code }).click();
  await expect(processor.getByRole('heading', { level: 1 })).toContainText(code);
  await act(processor, 'Nhận xử lý');
  await expectStatus(processor, 'Đang xử lý');
  await act(processor, 'Yêu cầu bổ sung', async (panel) => {
    await panel.getByLabel('Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh', { exact: true }).check();
    await panel.getByLabel('Lý do — Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh').fill('Bản chụp mờ, không đọc được số');
  });
  await expectStatus(processor, 'Yêu cầu bổ sung giấy tờ');

  // The citizen sees exactly what to supply, uploads it and sends the supplement once.
  await open(citizen, `/dossiers/${code}`, testInfo);
  await expectStatus(citizen, 'Yêu cầu bổ sung giấy tờ');
  const supplement = citizen.locator('section.supplement');
  await expect(supplement).toContainText('Bản chụp mờ, không đọc được số');
  await expectAccessible(citizen);
  await supplement.locator('input[type=file]').setInputFiles({ name: 'chung-sinh-ro.pdf', mimeType: 'application/pdf', buffer: PDF });
  await supplement.getByRole('button', { name: 'Tải lên giấy tờ bổ sung', exact: true }).click();
  await expect(citizen).toHaveURL(new RegExp(`/dossiers/${code}$`));
  await hydrated(citizen);
  await expect(citizen.locator('section.supplement')).toContainText('chung-sinh-ro.pdf');
  await citizen.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await expect(citizen.getByText('Đã gửi bổ sung. Hồ sơ tiếp tục được xử lý.')).toBeVisible();
  await expectStatus(citizen, 'Đang xử lý');

  // The processor sees what changed, uploads the result and proposes it.
  await open(processor, `/dashboard/dossiers/${code}`, testInfo);
  await expect(processor.getByRole('heading', { name: 'Công dân đã bổ sung' })).toBeVisible();
  await expect(processor.getByText('chung-sinh-ro.pdf').first()).toBeVisible();
  const propose = processor.locator('details.action', { has: processor.locator('summary', { hasText: 'Trình kết quả' }) });
  await openPanel(propose);
  await propose.locator('input[type=file]').setInputFiles({ name: 'trich-luc-khai-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
  await propose.getByRole('button', { name: 'Tải lên giấy tờ bổ sung' }).click();
  await hydrated(processor);
  await act(processor, 'Trình kết quả', async (panel) => {
    await panel.getByRole('combobox', { name: 'Văn bản kết quả (PDF)' }).selectOption({ label: 'trich-luc-khai-sinh.pdf' });
  });
  await expectStatus(processor, 'Chờ phê duyệt');

  // The approver approves.
  const approver = await official(approverContext, testInfo, 'pheduyet.benthanh@demo.dvc.vn');
  await open(approver, `/dashboard?queue=approval&q=${code}`, testInfo);
  await approver.getByRole('link', { name: code }).click();
  await expect(approver.getByRole('heading', { name: 'Đề xuất chờ phê duyệt' })).toBeVisible();
  await act(approver, 'Phê duyệt kết quả');
  await expectStatus(approver, 'Đã xử lý xong');

  // The receiver records the fee and hands over the result.
  await open(receiver, `/dashboard/dossiers/${code}`, testInfo);
  await act(receiver, 'Ghi nhận đã thu phí, lệ phí', async (panel) => {
    await panel.getByLabel('Số biên lai').fill('BL-000123');
  });
  await act(receiver, 'Trả kết quả tại bộ phận một cửa', async (panel) => {
    await panel.getByLabel('Người nhận kết quả').fill('Nguyễn Văn An');
  });
  await expectStatus(receiver, 'Đã trả kết quả');

  // The citizen's page tells the whole story, with the result document.
  await open(citizen, `/dossiers/${code}`, testInfo);
  await expectStatus(citizen, 'Đã trả kết quả');
  const timeline = citizen.locator('ol.timeline');
  for (const step of ['Được tiếp nhận', 'Yêu cầu bổ sung giấy tờ', 'Chờ phê duyệt', 'Đã xử lý xong', 'Biên lai số BL-000123', 'Người nhận kết quả: Nguyễn Văn An']) {
    await expect(timeline).toContainText(step);
  }
  await expect(citizen.getByRole('link', { name: 'trich-luc-khai-sinh.pdf' })).toBeVisible();
  await expectAccessible(citizen);

  // The notification of the return asks for a rating; the citizen gives it on the dossier's page.
  await open(citizen, '/notifications', testInfo);
  await citizen.locator('li', { hasText: code }).filter({ hasText: 'Đã trả kết quả' }).getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).first().click();
  await expect(citizen).toHaveURL(new RegExp(`/dossiers/${code.replaceAll('.', '\\.')}#rating$`));
  await hydrated(citizen);
  const rating = citizen.locator('section#rating');
  for (const [question, answer] of [
    ['Hướng dẫn, tiếp nhận hồ sơ', 'Rất hài lòng'],
    ['Thời gian giải quyết', 'Hài lòng'],
    ['Thái độ của cán bộ, công chức', 'Rất hài lòng'],
    ['Kết quả giải quyết', 'Hài lòng'],
  ]) {
    await rating.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
  }
  await rating.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình');
  const anyone = await (await browser.newContext()).newPage();
  const ratedBefore = await publicRatings(anyone);
  await rating.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(rating.getByText('Cảm ơn bạn đã đánh giá.')).toBeVisible();
  await expect(rating.getByRole('button', { name: 'Cập nhật đánh giá' })).toBeVisible();
  await expectAccessible(citizen);
  // The public page counts it once its snapshot is rebuilt (every second here; a minute by default).
  await expect.poll(() => publicRatings(anyone), { timeout: 20_000 }).toBeGreaterThan(ratedBefore);

  // The statistics count it, and the agency reads the rating.
  await open(receiver, '/dashboard/statistics', testInfo);
  await expect(receiver.locator('table.ratings')).toContainText(code);
  await expect(receiver.locator('table.ratings')).toContainText('Cán bộ hướng dẫn tận tình');
  await expect(receiver.getByRole('table').first()).toContainText('Đăng ký khai sinh');
  await expect(receiver.locator('figure.chart svg')).toBeVisible();
  await expectAccessible(receiver);
  await Promise.all(contexts.map((c) => c.close()));
});

test('an administrator keeps the holiday calendar', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'quantri@demo.dvc.vn', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await open(page, '/dashboard/holidays', testInfo);
  await expect(page.getByRole('table')).toContainText('Tết Nguyên Đán');
  await expect(page.getByRole('table')).toContainText('Ngày làm việc bù');
  await expectAccessible(page);
  await fillDate(page, 'Ngày trong lịch', '24/12/2030');
  await page.getByLabel('Tên (tiếng Việt)').fill('Ngày nghỉ thử nghiệm');
  await page.getByRole('button', { name: 'Thêm ngày' }).click();
  await expect(page.getByRole('table')).toContainText('Ngày nghỉ thử nghiệm');
  await page.getByRole('button', { name: 'Xóa 24/12/2030' }).click();
  await expect(page.getByRole('table')).not.toContainText('Ngày nghỉ thử nghiệm');
});
