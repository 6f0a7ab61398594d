import { expect, Page, test, TestInfo } from '@playwright/test';
import { expectAccessible as axe, expectNoHorizontalScroll, hydrated, official, open, registerCitizen } from './helpers';

/** Axe needs scripts: it runs where the page has them. */
async function expectAccessible(page: Page, testInfo: TestInfo) {
  if (testInfo.project.use.javaScriptEnabled !== false) await axe(page);
}

const BEN_THANH = '000.20.01.H29';

test('a citizen sends feedback, the agency answers it, and the answer is published @nojs', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const scripted = testInfo.project.use.javaScriptEnabled !== false;
  await registerCitizen(page, testInfo, 41);
  // From the procedure's page, about the agency one would apply to.
  await open(page, `/procedures/1.001193?agency=${BEN_THANH}`, testInfo);
  await page.getByRole('link', { name: 'Phản ánh, kiến nghị về cơ quan này' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị' })).toBeVisible();
  if (scripted) await hydrated(page);
  await expect(page.getByText('Cơ quan nhận phản ánh: Ủy ban nhân dân phường Bến Thành')).toBeVisible();
  await expectAccessible(page, testInfo);
  const title = `Cán bộ hướng dẫn chưa rõ (${testInfo.project.name})`;
  await page.getByLabel('Chủ đề').selectOption({ label: 'Thái độ, hành vi của cán bộ' });
  await page.getByLabel('Tiêu đề').fill(title);
  await page.getByLabel('Nội dung', { exact: true }).fill('Tôi phải hỏi ba lần mới rõ. Liên hệ 0912 345 678.');
  await page.getByLabel(/Tôi đồng ý công khai/).check();
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  const sent = page.getByRole('status').filter({ hasText: 'Đã gửi phản ánh, kiến nghị mã' });
  await expect(sent).toContainText('Cơ quan trả lời trong 10 ngày làm việc.');
  const code = (await sent.textContent())!.match(/PA-[0-9A-F]+/)![0];

  // The agency's administrator answers it from the dashboard.
  const admin = await official(await browser.newContext(), testInfo, 'quantri.benthanh@demo.dvc.vn');
  await open(admin, '/dashboard', testInfo);
  await admin.getByRole('main').getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Phản ánh, kiến nghị gửi cơ quan' })).toBeVisible();
  if (scripted) await hydrated(admin);
  const item = admin.locator(`#feedback-${code}`);
  await expect(item).toContainText('Liên hệ 0912 345 678.');
  // The question as it will be published has the number removed already.
  await expect(item.getByLabel(/Nội dung công khai/)).toHaveValue('Tôi phải hỏi ba lần mới rõ. Liên hệ [đã ẩn].');
  await expectAccessible(admin, testInfo);
  const answer = 'Cảm ơn ông/bà. Bộ phận một cửa đã được nhắc nhở và niêm yết hướng dẫn chi tiết.';
  await item.getByLabel('Câu trả lời').fill(answer);
  await item.getByRole('button', { name: 'Gửi câu trả lời' }).click();
  await expect(admin.locator(`#feedback-${code}`)).toContainText('Đã trả lời');

  // Published, narrowed to the agency: the answer, without the number.
  await open(page, '/feedback', testInfo);
  await page.getByLabel('Cơ quan', { exact: true }).selectOption({ label: 'Ủy ban nhân dân phường Bến Thành' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page).toHaveURL(new RegExp(`agency=${BEN_THANH.replaceAll('.', '\\.')}`));
  const published = page.locator(`#feedback-${code}`);
  await expect(published).toContainText(title);
  await expect(published).toContainText(answer);
  await expect(published).not.toContainText('0912');
  // The sender also finds it among their own.
  await expect(page.getByRole('region', { name: 'Phản ánh, kiến nghị của tôi' })).toContainText('Đã công khai');
  await expectAccessible(page, testInfo);
});

test('without signing in, feedback is about a dossier whose code and secret one holds @phone', async ({ page }, testInfo) => {
  // On a 360 px phone the long topics and agencies' names stay inside the screen.
  await open(page, '/feedback', testInfo);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, testInfo);
  await open(page, '/feedback/new', testInfo);
  await expect(page.getByText('Bạn chưa đăng nhập: nhập mã hồ sơ và mã tra cứu')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, testInfo);
  await page.getByLabel('Mã hồ sơ').fill('000.20.01.H29-261201-9999');
  await page.getByLabel('Mã tra cứu').fill('ABCDEFGH');
  await page.getByLabel('Chủ đề').selectOption({ label: 'Khác' });
  await page.getByLabel('Tiêu đề').fill('Hỏi về hồ sơ');
  await page.getByLabel('Nội dung', { exact: true }).fill('Hồ sơ của tôi đến đâu rồi?');
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  // A code and secret that match no dossier: said beside the field, nothing sent.
  await expect(page.getByRole('alert')).toContainText('Không tìm thấy hồ sơ với mã (và mã tra cứu) này.');
});
