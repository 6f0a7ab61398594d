import { expect, Page, test, TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectAccessible, official, open, registerCitizen, signIn, submitBirthRegistration } from './helpers';

/** Where the server writes mails when no SMTP server is configured (see playwright.config.ts). */
const OUTBOX = path.join(__dirname, '..', '.e2e-data', 'outbox');

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The mails sent to `address` so far, decoded, oldest first. */
function mailsTo(address: string): string[] {
  if (!fs.existsSync(OUTBOX)) return [];
  return fs.readdirSync(OUTBOX).sort()
    .map((name) => decodeQuotedPrintable(fs.readFileSync(path.join(OUTBOX, name), 'utf8')))
    .filter((mail) => mail.includes(`To: ${address}`));
}

test('the bell counts a change live, lists it and marks it read', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const [citizenContext, receiverContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  const citizen = await citizenContext.newPage();
  await registerCitizen(citizen, testInfo, 9);
  const code = await submitBirthRegistration(citizen);
  await open(citizen, '/dossiers', testInfo);
  const bell = citizen.getByRole('link', { name: /^Thông báo \(0 chưa đọc\)$/ });
  await expect(bell).toBeVisible();

  // An official accepts the dossier: the bell counts it at once, without a reload.
  const receiver = await official(receiverContext, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  const accepted = await receiver.request.post('/api/act_on_dossier', {
    headers: { Accept: 'application/json' }, data: { request: { code, action: 'accept', version: 1 } },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  await expect(citizen.getByRole('link', { name: 'Thông báo (1 chưa đọc)' })).toBeVisible({ timeout: 2_000 });
  // …and says so to a screen reader (a polite live region), drawn with an SVG bell, not an emoji.
  await expect(citizen.locator('#bell-announcer')).toHaveText('Bạn có 1 thông báo chưa đọc.');
  await expect(citizen.locator('#bell-announcer')).toHaveAttribute('aria-live', 'polite');
  await expect(citizen.locator('a.bell svg.icon')).toHaveAttribute('aria-hidden', 'true');

  // The list says what happened; marking it read empties the bell.
  await citizen.getByRole('link', { name: 'Thông báo (1 chưa đọc)' }).click();
  await expect(citizen).toHaveURL(/\/notifications$/);
  const item = citizen.getByRole('listitem').filter({ hasText: code });
  await expect(item).toContainText('Tiếp nhận hồ sơ');
  await expect(item).toContainText('Mới');
  await expectAccessible(citizen);
  await item.getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
  await expect(item).not.toContainText('Mới');
  await expect(citizen.getByRole('link', { name: 'Thông báo (0 chưa đọc)' })).toBeVisible();

  await Promise.all([citizenContext.close(), receiverContext.close()]);
});

test('the citizen chooses which changes are mailed and texted, with or without JavaScript @nojs', async ({ page }, testInfo) => {
  await registerCitizen(page, testInfo, 13);
  await open(page, '/account', testInfo);
  const settings = page.getByRole('region', { name: 'Nhận thư điện tử khi hồ sơ' });
  // Every change is mailed until the citizen says otherwise, and the page shows it
  // as soon as it arrives, before any script runs.
  for (const label of ['Được tiếp nhận', 'Không được tiếp nhận', 'Đã xử lý xong', 'Đã trả kết quả']) {
    await expect(settings.getByLabel(label, { exact: true })).toBeChecked();
  }
  await settings.getByLabel('Được tiếp nhận', { exact: true }).uncheck();
  await settings.getByLabel('Không được tiếp nhận', { exact: true }).uncheck();
  // Text messages are off until asked for, and go to the account's own number.
  const sms = settings.getByLabel('Gửi cả tin nhắn SMS tới số 0912345678 (không dấu)');
  await expect(sms).not.toBeChecked();
  await sms.check();
  await settings.getByRole('button', { name: 'Lưu lựa chọn' }).click();
  await expect(page.getByRole('region', { name: 'Nhận thư điện tử khi hồ sơ' }).getByRole('status'))
    .toHaveText('Đã lưu lựa chọn nhận thư.');
  if (testInfo.project.use.javaScriptEnabled !== false) await expectAccessible(page);

  await open(page, '/account', testInfo);
  const again = page.getByRole('region', { name: 'Nhận thư điện tử khi hồ sơ' });
  await expect(again.getByLabel('Được tiếp nhận', { exact: true })).not.toBeChecked();
  await expect(again.getByLabel('Không được tiếp nhận', { exact: true })).not.toBeChecked();
  await expect(again.getByLabel('Đã xử lý xong', { exact: true })).toBeChecked();
  await expect(again.getByLabel('Đã trả kết quả', { exact: true })).toBeChecked();
  await expect(again.getByLabel('Gửi cả tin nhắn SMS tới số 0912345678 (không dấu)')).toBeChecked();
});

async function mailedLink(address: string, testInfo: TestInfo): Promise<string> {
  let link = '';
  await expect.poll(() => {
    const mails = mailsTo(address);
    link = mails.at(-1)?.match(/https?:\/\/\S+\/account\/reset\?token=\w+/)?.[0] ?? '';
    return link;
  }, { message: `a reset mail to ${address} (${testInfo.project.name})`, timeout: 10_000 }).not.toBe('');
  return new URL(link).pathname + new URL(link).search;
}

async function requestReset(page: Page, testInfo: TestInfo, identifier: string) {
  await open(page, '/login', testInfo);
  await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
  await expect(page).toHaveURL(/\/account\/forgot/);
  if (testInfo.project.use.javaScriptEnabled !== false) await expectAccessible(page);
  await page.getByLabel('Số định danh cá nhân hoặc thư điện tử').fill(identifier);
  await page.getByRole('button', { name: 'Gửi liên kết' }).click();
  await expect(page.getByText('Nếu có tài khoản như vậy, một liên kết đặt lại mật khẩu đã được gửi')).toBeVisible();
}

test('a forgotten password is reset through the mailed link, once @nojs', async ({ browser }, testInfo) => {
  const signUpContext = await browser.newContext();
  const signUp = await signUpContext.newPage();
  const citizenId = await registerCitizen(signUp, testInfo, 10);
  const email = `an.${citizenId}@example.vn`;
  await signUpContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  // An unknown account gets the same words, and no mail.
  await requestReset(page, testInfo, `nobody.${citizenId}@example.vn`);
  await requestReset(page, testInfo, email);
  const link = await mailedLink(email, testInfo);
  expect(mailsTo(`nobody.${citizenId}@example.vn`)).toEqual([]);

  const fresh = 'Trăng rằm tháng tám 2026';
  await open(page, link, testInfo);
  if (testInfo.project.use.javaScriptEnabled !== false) await expectAccessible(page);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(fresh);
  await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByRole('status').filter({ hasText: 'Đã đặt mật khẩu mới' })).toBeVisible();

  await signIn(page, testInfo, email, fresh);
  await expect(page).toHaveURL(/\/account$/);
});
