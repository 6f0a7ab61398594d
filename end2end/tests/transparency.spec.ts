import { expect, Page, test, TestInfo } from '@playwright/test';
import { expectAccessible as axe, fillDate, open } from './helpers';

/** Axe needs scripts: it runs where the page has them. */
async function expectAccessible(page: Page, testInfo: TestInfo) {
  if (testInfo.project.use.javaScriptEnabled !== false) await axe(page);
}

const BEN_THANH = '000.20.01.H29';

test('anyone reads the public statistics for a period and drills down to an agency @nojs @phone', async ({ page }, testInfo) => {
  await open(page, '/statistics', testInfo);
  await expect(page.getByRole('heading', { level: 1, name: 'Thống kê công khai tình hình giải quyết hồ sơ' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Cấp thống kê' })).toContainText('Cả nước');
  await expectAccessible(page, testInfo);

  // The period, typed day / month / year, goes into the URL.
  await fillDate(page, 'Từ ngày', '01/11/2026');
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  await expect(page).toHaveURL(/from\.day=01&from\.month=11&from\.year=2026/);
  await expect(page.getByText(/Hồ sơ tiếp nhận từ 01\/11\/2026 đến/)).toBeVisible();

  // A start after the end is refused with a reason.
  await fillDate(page, 'Đến ngày', '01/10/2026');
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  await expect(page.getByRole('alert')).toContainText('Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.');

  // A province, then one of its agencies: the breadcrumb follows, and the open data carries the same query.
  await open(page, '/statistics?province=79', testInfo);
  await expect(page.getByRole('navigation', { name: 'Cấp thống kê' })).toContainText('Thành phố Hồ Chí Minh');
  await open(page, `/statistics?agency=${BEN_THANH}`, testInfo);
  const levels = page.getByRole('navigation', { name: 'Cấp thống kê' });
  await expect(levels).toContainText('Ủy ban nhân dân phường Bến Thành');
  await expect(levels.getByRole('link', { name: 'Thành phố Hồ Chí Minh' })).toHaveAttribute('href', '/statistics?province=79');
  await expect(page.getByRole('link', { name: 'CSV' })).toHaveAttribute('href', `/api/v1/statistics.csv?agency=${BEN_THANH}`);
  await expectAccessible(page, testInfo);
  const csv = await page.request.get(`/api/v1/statistics.csv?agency=${BEN_THANH}`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('Tổng cộng');
});

test('a procedure page shows how its agency served it before applying @nojs', async ({ page }, testInfo) => {
  await open(page, `/procedures/1.001193?agency=${BEN_THANH}`, testInfo);
  const card = page.getByRole('region', { name: 'Kết quả phục vụ trong 12 tháng qua' });
  await expect(card).toContainText('Ủy ban nhân dân phường Bến Thành');
  await expect(card.getByRole('link', { name: 'Xem thống kê của cơ quan' })).toHaveAttribute('href', `/statistics?agency=${BEN_THANH}`);
  await expectAccessible(page, testInfo);
});
