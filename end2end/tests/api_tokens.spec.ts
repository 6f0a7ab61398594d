import { expect, test } from '@playwright/test';
import { act, BIRTH, expectAccessible, expectStatus, hydrated, official, open, PDF, registerCitizen, submitBirthRegistration, uniqueCitizenId } from './helpers';

// An agency administrator gives another system a token, the system looks a
// dossier up and accepts it with it, and the administrator revokes it: the
// next request is refused.
test('an agency administrator creates an API token, a system uses it, and revoking it stops it at once', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(90_000);
  await registerCitizen(page, testInfo, 83);
  const code = await submitBirthRegistration(page);

  const admin = await official(await browser.newContext(), testInfo, 'quantri.benthanh@demo.dvc.vn');
  await open(admin, '/dashboard', testInfo);
  await admin.getByRole('main').getByRole('link', { name: 'Khóa API' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Khóa API cho hệ thống khác của cơ quan' })).toBeVisible();
  await hydrated(admin);
  await expectAccessible(admin);

  // A name is required.
  await admin.getByRole('button', { name: 'Tạo khóa' }).click();
  await expect(admin.locator('#name-error')).toBeVisible();

  await admin.getByLabel('Tên hệ thống dùng khóa').fill('Hệ thống một cửa thử nghiệm');
  await admin.getByLabel('Quyền của khóa').selectOption('act');
  await admin.getByRole('button', { name: 'Tạo khóa' }).click();
  await expect(admin.getByText('Đã tạo khóa. Hãy sao chép ngay')).toBeVisible();
  const token = await admin.getByLabel('Khóa API mới').inputValue();
  expect(token).toMatch(/^dvc_[0-9a-f]{64}$/);
  const row = admin.getByRole('row').filter({ hasText: 'Hệ thống một cửa thử nghiệm' });
  await expect(row).toContainText('Xem hồ sơ và thao tác của bộ phận một cửa');
  await expect(row).toContainText('Chưa dùng');
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).not.toContainText(token.slice(12));
  await expectAccessible(admin);

  // The system looks the dossier up and accepts it.
  const auth = { Authorization: `Bearer ${token}` };
  const found = await request.get(`/api/v1/dossiers/${code}`, { headers: auth });
  expect(found.status()).toBe(200);
  const dossier = await found.json();
  expect(dossier.status).toBe('submitted');
  expect(dossier.actions).toContain('accept');
  const accepted = await request.post(`/api/v1/dossiers/${code}/actions`, { headers: auth, data: { action: 'accept', version: dossier.version } });
  expect(accepted.status()).toBe(200);
  // The citizen sees it accepted.
  await open(page, `/dossiers/${code}`, testInfo);
  await expectStatus(page, 'Được tiếp nhận');

  // Its last use shows; revoked, it is refused on the next request.
  await admin.reload();
  await hydrated(admin);
  await expect(row).not.toContainText('Chưa dùng');
  await row.getByRole('button', { name: 'Thu hồi khóa Hệ thống một cửa thử nghiệm' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã thu hồi khóa' })).toBeVisible();
  await expect(row).toContainText('Đã thu hồi lúc');
  await expectAccessible(admin);
  const refused = await request.get(`/api/v1/dossiers/${code}`, { headers: auth });
  expect(refused.status()).toBe(401);
});

// The national portal hands a dossier filed there to the agency's one-stop
// system with an act token: the desk finds it among the new ones, filed
// through the national portal, and accepts it; sent again, it is the same one.
test('a dossier filed on the national portal reaches the desk through the API, once', async ({ browser, request }, testInfo) => {
  test.setTimeout(90_000);
  const admin = await official(await browser.newContext(), testInfo, 'quantri.benthanh@demo.dvc.vn');
  await open(admin, '/dashboard/api-tokens', testInfo);
  await hydrated(admin);
  await admin.getByLabel('Tên hệ thống dùng khóa').fill('Cổng Dịch vụ công quốc gia (thử nghiệm)');
  await admin.getByLabel('Quyền của khóa').selectOption('act');
  await admin.getByRole('button', { name: 'Tạo khóa' }).click();
  await expect(admin.getByText('Đã tạo khóa. Hãy sao chép ngay')).toBeVisible();
  const auth = { Authorization: `Bearer ${await admin.getByLabel('Khóa API mới').inputValue()}` };

  const dossier = JSON.stringify({
    national_code: `G22.99-${Date.now()}`,
    procedure_code: '1.001193',
    applicant: { full_name: 'Phạm Thị Hoa', citizen_id: uniqueCitizenId(testInfo, 87) },
    data: BIRTH,
  });
  const send = () => request.post('/api/v1/dossiers', {
    headers: auth,
    multipart: { dossier, 'documents.2': { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF } },
  });
  const filed = await send();
  expect(filed.status(), await filed.text()).toBe(201);
  const { code } = await filed.json();
  const again = await send();
  expect(again.status()).toBe(200);
  expect((await again.json()).code).toBe(code);

  const receiver = await official(await browser.newContext(), testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await open(receiver, `/dashboard?queue=new&q=${code}`, testInfo);
  await receiver.getByRole('link', { name: code }).click();
  await expect(receiver.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(receiver.getByText('Qua Cổng Dịch vụ công quốc gia', { exact: true })).toBeVisible();
  await expect(receiver.getByText('Phạm Thị Hoa').first()).toBeVisible();
  await expectAccessible(receiver);
  await act(receiver, 'Tiếp nhận hồ sơ');
  await expectStatus(receiver, 'Được tiếp nhận');
});
