import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, open } from './helpers';

test.describe('finding a procedure', () => {
  for (const query of ['Đăng ký khai sinh', 'dang ky khai sinh', 'ĐĂNG KÝ KHAI SINH']) {
    test(`search “${query}” from the home page finds birth registration @nojs`, async ({ page }, testInfo) => {
      await open(page, '/', testInfo);
      await page.getByRole('searchbox', { name: 'Tên thủ tục, mã thủ tục hoặc từ khóa' }).fill(query);
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await expect(page).toHaveURL(/\/procedures\?q=/);
      await expect(page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
      await expect(page.getByRole('status')).toContainText('Tìm thấy');
      await expect(page).toHaveTitle(/Kết quả tìm kiếm/);
    });
  }

  test('filters by sector and level, with the state in the URL @nojs', async ({ page }, testInfo) => {
    await open(page, '/procedures', testInfo);
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Hộ tịch' });
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await expect(page).toHaveURL(/sector=ho-tich/);
    await expect(page.getByRole('status')).toHaveText('Tìm thấy 7 thủ tục');
    await page.getByLabel('Mức độ').selectOption({ label: 'Mức độ 4' });
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await expect(page).toHaveURL(/level=4/);
    await expect(page.getByRole('status')).toHaveText('Tìm thấy 4 thủ tục');
    // The shared URL reproduces the same result.
    const url = page.url();
    await open(page, url, testInfo);
    await expect(page.getByRole('status')).toHaveText('Tìm thấy 4 thủ tục');
    await expect(page.getByLabel('Lĩnh vực')).toHaveValue('ho-tich');
  });

  test('paginates through the catalog @nojs', async ({ page }, testInfo) => {
    await open(page, '/procedures', testInfo);
    const pager = page.getByRole('navigation', { name: 'Phân trang' });
    await expect(pager).toContainText('Trang 1/3');
    const firstOnPageOne = await page.locator('.procedure-card h2').first().textContent();
    await pager.getByRole('link', { name: 'Trang sau' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(pager).toContainText('Trang 2/3');
    await expect(page.locator('.procedure-card h2').first()).not.toHaveText(firstOnPageOne!);
    await pager.getByRole('link', { name: 'Trang trước' }).click();
    await expect(pager).toContainText('Trang 1/3');
  });

  test('search with no match says so', async ({ page }, testInfo) => {
    await open(page, '/procedures?q=khong+ton+tai+xyz', testInfo);
    await expect(page.getByRole('status')).toHaveText('Tìm thấy 0 thủ tục');
    await expect(page.getByText('Không tìm thấy thủ tục phù hợp')).toBeVisible();
  });
});

test.describe('reading a procedure', () => {
  test('opens a procedure with every level-1 section @nojs', async ({ page }, testInfo) => {
    await open(page, '/procedures?q=khai+sinh', testInfo);
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
    await expect(page).toHaveURL(/\/procedures\/1\.001193$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
    await expect(page).toHaveTitle('Đăng ký khai sinh | Cổng Dịch vụ công');
    for (const section of ['Trình tự thực hiện', 'Thành phần hồ sơ', 'Phí, lệ phí', 'Căn cứ pháp lý']) {
      await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
    }
    await expect(page.getByText('60/2014/QH13')).toBeVisible();
    await expect(page.getByText('Dịch vụ công trực tuyến toàn trình')).toBeVisible();
  });

  test('finds where a procedure is filed, without diacritics, by province @nojs', async ({ page }, testInfo) => {
    await open(page, '/procedures/1.001193', testInfo);
    const where = page.getByRole('region', { name: 'Nơi thực hiện' });
    await expect(where).toContainText('3321 cơ quan thực hiện');
    await where.getByLabel('Tìm cơ quan (gõ có dấu hoặc không dấu)').fill('hoan kiem');
    await where.getByRole('button', { name: 'Tìm kiếm' }).click();
    await expect(page).toHaveURL(/[?&]q=hoan(\+|%20)kiem/);
    await expect(where.getByRole('listitem')).toHaveText(['Ủy ban nhân dân phường Hoàn Kiếm 000.20.01.H26']);
    // axe runs as a script in the page: the hydrated run of this test audits the same markup.
    if (testInfo.project.use.javaScriptEnabled !== false) await expectAccessible(page);
    // A province's wards, a page at a time.
    await where.getByLabel('Tìm cơ quan (gõ có dấu hoặc không dấu)').fill('');
    await where.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hồ Chí Minh' });
    await where.getByRole('button', { name: 'Tìm kiếm' }).click();
    await expect(where.getByRole('status')).toHaveText('Tìm thấy 168 cơ quan.');
    await where.getByRole('link', { name: 'Trang sau' }).click();
    await expect(where.getByText('Trang 2/9')).toBeVisible();
  });

  test('downloads a template under its Vietnamese name', async ({ page }, testInfo) => {
    await open(page, '/procedures/1.001193', testInfo);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải về: Tờ khai đăng ký khai sinh (DOCX)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Tờ khai đăng ký khai sinh.docx');
  });

  test('an unknown code gets a clear not-found page @nojs', async ({ page }, testInfo) => {
    const response = await page.goto('/procedures/9.999999');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy thủ tục');
    await expect(page.getByText('“9.999999”')).toBeVisible();
  });
});

test.describe('language', () => {
  test('switches to English and back @nojs', async ({ page }, testInfo) => {
    await open(page, '/procedures/1.001193', testInfo);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect(page).toHaveURL(/\/procedures\/1\.001193$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Birth registration');
    await expect(page.getByRole('heading', { level: 2, name: 'Required documents' })).toBeVisible();
    // The choice is remembered on the next page.
    await open(page, '/procedures', testInfo);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrative procedures');
    await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục hành chính');
  });
});

test.describe('accessibility and layout', () => {
  for (const [name, url] of [['home', '/'], ['catalog', '/procedures?q=khai+sinh'], ['detail', '/procedures/1.001193'], ['not found', '/procedures/9.999999']]) {
    test(`${name} has no serious or critical axe violation and fits a phone @phone`, async ({ page }, testInfo) => {
      await open(page, url, testInfo);
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
    });
  }

  test('the first Tab reaches the skip link, which moves focus to the content', async ({ page }, testInfo) => {
    await open(page, '/procedures', testInfo);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Chuyển đến nội dung chính' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });
});
