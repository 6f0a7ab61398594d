import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, official, open, registerCitizen, submitBirthRegistration } from './helpers';

// The sandbox of the national portal (on with DVC_DEMO) and its tester's token.
const TOKEN = 'DVC-NATIONAL-SANDBOX-NOT-FOR-PRODUCTION';

test('the sync page shows a message the national portal refused and sends it again once the portal is fixed', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const mode = async (mode: string) => {
    const answer = await request.post('/sandbox/national/mode', { headers: { Authorization: `Bearer ${TOKEN}` }, form: { mode } });
    expect(answer.status()).toBe(204);
  };
  await mode('refusing');
  try {
    await registerCitizen(page, testInfo, 77);
    const code = await submitBirthRegistration(page);

    // The agency's administrator finds it refused, with the reason and what was sent.
    const admin = await official(await browser.newContext(), testInfo, 'quantri.benthanh@demo.dvc.vn');
    await open(admin, '/dashboard', testInfo);
    await admin.getByRole('main').getByRole('link', { name: 'Đồng bộ Cổng DVC quốc gia' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia' })).toBeVisible();
    await hydrated(admin);
    const item = admin.locator('article').filter({ hasText: code });
    await expect(async () => {
      await admin.reload();
      await expect(item).toContainText('Bị từ chối', { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await hydrated(admin);
    await expect(item).toContainText('Thông tin hồ sơ');
    await expect(item).toContainText('HTTP 400');
    await item.getByText('Nội dung đã gửi').click();
    await expect(item.locator('pre')).toContainText(`"MaHoSo": "${code}"`);
    await expect(item.locator('pre')).toContainText('"MaTTHC": "1.001193"');
    await expectAccessible(admin);

    // The portal is fixed; sent again, it goes.
    await mode('working');
    await item.getByRole('button', { name: 'Gửi lại' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Đã xếp thông điệp để gửi lại.' })).toBeVisible();
    await expect(async () => {
      await admin.reload();
      await expect(admin.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(item).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await hydrated(admin);
    await expectAccessible(admin);
  } finally {
    await mode('working');
  }
});
