import * as crypto from 'node:crypto';
import { expect, Page, test } from '@playwright/test';
import { act, expectAccessible, expectStatus, hydrated, official, open, openPanel, PDF, registerCitizen, submitMaritalStatusRequest } from './helpers';

const AWAITING = 'Yêu cầu thực hiện nghĩa vụ tài chính';

/** From the dossier page: pay in the sandbox gateway with `outcome`, back to the return page. */
async function payInSandbox(citizen: Page, outcome: string) {
  await citizen.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
  await expect(citizen).toHaveURL(/\/sandbox\/vnpay\/paymentv2\/vpcpay\.html\?/);
  await hydrated(citizen);
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Cổng thanh toán thử nghiệm VNPay (sandbox)');
  await expect(citizen.getByText('3.000 đ')).toBeVisible();
  await expectAccessible(citizen);
  await citizen.getByLabel(outcome, { exact: true }).check();
  await citizen.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(citizen).toHaveURL(/\/payments\/vnpay\/return\?/);
  await hydrated(citizen);
}

test('a level-4 dossier is paid in the sandbox, approved, and its signed result verifies', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const contexts = await Promise.all([0, 1, 2, 3].map(() => browser.newContext()));
  const [citizenContext, receiverContext, processorContext, approverContext] = contexts;
  const citizen = await citizenContext.newPage();
  await registerCitizen(citizen, testInfo, 18);
  const code = await submitMaritalStatusRequest(citizen);

  // The fee is due before anything else happens.
  await open(citizen, `/dossiers/${code}`, testInfo);
  await expectStatus(citizen, AWAITING);
  await expect(citizen.getByText('Số tiền cần nộp: 3.000 đ.', { exact: false })).toBeVisible();
  await expectAccessible(citizen);

  // Cancelled at the gateway: the return page says so and the fee is still due.
  await payInSandbox(citizen, 'Bạn đã hủy giao dịch.');
  await expect(citizen.locator('.notice[role=status]')).toContainText('Bạn đã hủy giao dịch.');
  await expectAccessible(citizen);
  await citizen.getByRole('link', { name: 'Về trang hồ sơ' }).click();
  await hydrated(citizen);
  await expectStatus(citizen, AWAITING);
  await expect(citizen.getByText('Số tiền cần nộp: 3.000 đ.', { exact: false })).toBeVisible();
  await expect(citizen.getByRole('table', { name: 'Các lần thanh toán' })).toContainText('Không thành công');

  // A second tab keeps the dossier open; paying in the first changes it live.
  const watcher = await citizenContext.newPage();
  await open(watcher, `/dossiers/${code}`, testInfo);
  await expect(watcher.locator('.live-announcer[role=status]')).toBeAttached();
  await watcher.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
  await payInSandbox(citizen, 'Thanh toán thành công');
  await expect(citizen.locator('.notice[role=status]')).toContainText('VNPay báo giao dịch thành công.');
  await expectStatus(watcher, 'Mới đăng ký');
  expect(await watcher.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(watcher.getByRole('table', { name: 'Các lần thanh toán' })).toContainText('Đã thanh toán');
  const receipt = await watcher.request.get(await watcher.getByRole('link', { name: 'Biên lai điện tử' }).getAttribute('href') ?? '');
  expect(receipt.headers()['content-type']).toBe('application/pdf');

  // The agency processes it and the approver approves: the result is signed.
  const receiver = await official(receiverContext, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await open(receiver, `/dashboard?queue=new&q=${code}`, testInfo);
  await receiver.getByRole('link', { name: code }).click();
  await expect(receiver.getByRole('heading', { level: 1 })).toContainText(code);
  await act(receiver, 'Tiếp nhận hồ sơ');
  const processor = await official(processorContext, testInfo, 'xuly.benthanh@demo.dvc.vn');
  await open(processor, `/dashboard?queue=unassigned&q=${code}`, testInfo);
  await processor.getByRole('link', { name: code }).click();
  await expect(processor.getByRole('heading', { level: 1 })).toContainText(code);
  await act(processor, 'Nhận xử lý');
  const propose = processor.locator('details.action', { has: processor.locator('summary', { hasText: 'Trình kết quả' }) });
  await openPanel(propose);
  await propose.locator('input[type=file]').setInputFiles({ name: 'xac-nhan-tthn.pdf', mimeType: 'application/pdf', buffer: PDF });
  await propose.getByRole('button', { name: 'Tải lên giấy tờ bổ sung' }).click();
  await hydrated(processor);
  await act(processor, 'Trình kết quả', async (panel) => {
    await panel.getByRole('combobox', { name: 'Văn bản kết quả (PDF)' }).selectOption({ label: 'xac-nhan-tthn.pdf' });
  });
  const approver = await official(approverContext, testInfo, 'pheduyet.benthanh@demo.dvc.vn');
  await open(approver, `/dashboard?queue=approval&q=${code}`, testInfo);
  await approver.getByRole('link', { name: code }).click();
  await expect(approver.getByRole('heading', { name: 'Đề xuất chờ phê duyệt' })).toBeVisible();
  await act(approver, 'Phê duyệt kết quả');
  await expectStatus(approver, 'Đã xử lý xong');

  // The citizen downloads the signed result and the verification page says it is valid.
  await expectStatus(watcher, 'Đã xử lý xong');
  const panel = watcher.locator('section', { has: watcher.getByRole('heading', { name: 'Kết quả điện tử' }) });
  const download = await watcher.request.get(await panel.getByRole('link', { name: 'Tải kết quả (PDF có chữ ký số)' }).getAttribute('href') ?? '');
  expect(download.status()).toBe(200);
  const signed = await download.body();
  expect(signed.subarray(0, 5).toString()).toBe('%PDF-');
  await expectAccessible(watcher);
  await panel.getByRole('link', { name: /^KQ-/ }).click();
  await expect(watcher).toHaveURL(/\/verify\/KQ-/);
  await hydrated(watcher);
  await expect(watcher.locator('.notice[role=status]').first()).toContainText('Hợp lệ: văn bản do Cổng ký và chưa bị thay đổi.');
  await expectAccessible(watcher);
  await watcher.getByLabel('Tệp cần đối chiếu (PDF)').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signed });
  await watcher.getByRole('button', { name: 'Đối chiếu tệp' }).click();
  await expect(watcher.getByText('Tệp bạn tải lên đúng là văn bản đã ký.')).toBeVisible();
  // Anyone checks it without the portal: Node's own Ed25519 (OpenSSL), the public key and the detached signature.
  const verifyPath = new URL(watcher.url()).pathname;
  const publicKey = await (await watcher.request.get('/verify/public-key.pem')).text();
  const signature = await (await watcher.request.get(`${verifyPath}/signature`)).body();
  expect(signature.length).toBe(64);
  expect(crypto.verify(null, signed, publicKey, signature)).toBe(true);
  const forged = Buffer.from(signed);
  forged[forged.length >> 1] ^= 1;
  expect(crypto.verify(null, forged, publicKey, signature)).toBe(false);
  await Promise.all(contexts.map((c) => c.close()));
});

test('the verification page works without JavaScript and refuses an unknown code @nojs @phone', async ({ page }, testInfo) => {
  await open(page, '/verify/KQ-AAAAA-BBBBB', testInfo);
  await expect(page.getByRole('alert')).toHaveText('Không có văn bản nào mang mã kiểm tra này.');
  if (testInfo.project.use.javaScriptEnabled !== false) await expectAccessible(page);
});
