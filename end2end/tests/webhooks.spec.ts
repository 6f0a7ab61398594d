import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, official, open, registerCitizen, submitBirthRegistration } from './helpers';

type Received = { headers: IncomingHttpHeaders; body: string };

// The receiving system: a server of the test's own, on this machine.
async function receiver(): Promise<{ url: string; got: Received[]; close: () => void }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('nhận rồi');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => server.close() };
}

// The receiver's check, with Node's own HMAC: `t=…,v1=…` over `{t}.{body}`.
function verifies(header: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

// An agency administrator registers the agency's archive system for new
// dossiers (not every step: other journeys file at the same agency meanwhile,
// and the page lists the latest deliveries), sends a test, sees both deliveries with the
// system's answer, and removes the endpoint.
test('an agency administrator registers a webhook and sees its deliveries', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const system = await receiver();
  try {
    const admin = await official(await browser.newContext(), testInfo, 'quantri.benthanh@demo.dvc.vn');
    await open(admin, '/dashboard', testInfo);
    await admin.getByRole('main').getByRole('link', { name: 'Webhook' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Webhook: báo sự kiện hồ sơ cho hệ thống khác' })).toBeVisible();
    await hydrated(admin);
    await expectAccessible(admin);

    // An address and at least one kind of event are required.
    await admin.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect(admin.locator('#url-error')).toBeVisible();
    await expect(admin.locator('#events-error')).toBeVisible();

    await admin.getByLabel('Địa chỉ nhận (https://)').fill(system.url);
    await admin.getByLabel('Hồ sơ mới đến cơ quan').check();
    await admin.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect(admin.getByText('Đã đăng ký. Hãy sao chép khóa bí mật ngay')).toBeVisible();
    const secret = await admin.getByLabel('Khóa bí mật để kiểm tra chữ ký').inputValue();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const endpoint = admin.getByRole('region', { name: system.url });
    await expect(endpoint).toContainText('Đang hoạt động');
    await expect(endpoint).toContainText('Chưa có lần gửi nào.');
    await expectAccessible(admin);

    // A test, then a real dossier filed at the agency.
    await endpoint.getByRole('button', { name: `Gửi thử tới ${system.url}` }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Đã thực hiện.' })).toBeVisible();
    await registerCitizen(page, testInfo, 85);
    const code = await submitBirthRegistration(page);
    await expect.poll(() => system.got.some((r) => r.body.includes(code)), { timeout: 15_000 }).toBe(true);

    // Every delivery checks out with the secret, with an HMAC of Node's own.
    for (const delivery of system.got) {
      expect(verifies(String(delivery.headers['x-dvc-signature']), delivery.body, secret)).toBe(true);
    }
    const filed = system.got.find((r) => r.body.includes(code))!;
    expect(filed.headers['x-dvc-event']).toBe('dossier.filed');
    expect(verifies(String(filed.headers['x-dvc-signature']), filed.body.replace('submitted', 'accepted'), secret)).toBe(false);

    // The page lists both, with the system's answer.
    await admin.reload();
    await hydrated(admin);
    const rows = endpoint.getByRole('row');
    await expect(rows.filter({ hasText: code })).toContainText('HTTP 200');
    await expect(rows.filter({ hasText: code })).toContainText('Hồ sơ mới đến cơ quan');
    await expect(rows.filter({ hasText: 'Gửi thử' })).toContainText('nhận rồi');
    await expectAccessible(admin);

    // Removed, it is gone from the page.
    await endpoint.getByRole('button', { name: `Gỡ bỏ địa chỉ ${system.url}` }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Đã thực hiện.' })).toBeVisible();
    await expect(admin.getByRole('region', { name: system.url })).toHaveCount(0);
  } finally {
    system.close();
  }
});
