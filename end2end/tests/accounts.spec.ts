import { createHmac } from 'node:crypto';
import { expect, Page, test, TestInfo } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, expectNoHorizontalScroll, hydrated, open, signIn, uniqueCitizenId, fillDate } from './helpers';

const PASSWORD = 'sông Hồng đỏ nặng phù sa';

/** RFC 6238 code for a base32 secret, as an authenticator app computes it. */
function totp(secret: string, offsetSteps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offsetSteps));
  const hash = createHmac('sha1', key).update(counter).digest();
  const offset = hash[hash.length - 1] & 0xf;
  return String((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test.describe('citizen accounts', () => {
  // In an English-language browser, where a native date field would ask for mm/dd/yyyy.
  test.use({ locale: 'en-US' });
  test('register, edit the profile, sign out and sign in again @phone', async ({ page }, testInfo) => {
    const citizenId = uniqueCitizenId(testInfo, 1);
    const email = `an.${citizenId}@example.vn`;
    await open(page, '/register', testInfo);
    await expectAccessible(page);
    // Instant feedback: the rule is checked as soon as the field is left.
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001091000001');
    // Day, month, year, the Vietnamese way; an impossible day gets the shared rule's message.
    await fillDate(page, 'Ngày sinh', '31/02/1990');
    await expect(page.locator('#birth_date-error')).toHaveText('Ngày không hợp lệ.');
    await fillDate(page, 'Ngày sinh', '17/5/1990');
    await expect(page.locator('#birth_date-error')).toHaveCount(0);
    await expect(page.locator('#citizen_id-error')).toHaveText('Chữ số thứ năm và sáu phải là hai số cuối của năm sinh.');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill(citizenId);
    await expect(page.locator('#citizen_id-error')).toHaveCount(0);
    await page.getByLabel('Họ, chữ đệm và tên').fill('Nguyễn Thị Ánh');
    await page.getByLabel('Số điện thoại di động').fill('0912 345 678');
    await page.getByLabel('Thư điện tử').fill(email);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('matkhau123');
    await page.getByLabel('Nhập lại mật khẩu').fill('matkhau123');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    // A common password: the summary links to the field; nothing was created.
    const summary = page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });
    await expect(summary).toContainText('Mật khẩu này quá phổ biến');
    await expectAccessible(page);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng ký' }).click();

    await expect(page).toHaveURL(/\/account$/);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Tài khoản của tôi' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Tài khoản \(Nguyễn Thị Ánh\)/ })).toBeVisible();
    await expect(page.getByText(`${citizenId.slice(0, 3)}*******${citizenId.slice(-2)}`)).toBeVisible();
    // Kept as 1990-05-17, shown as Vietnamese write it.
    await expect(page.getByText('17/05/1990')).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);

    // The address uses the 2025 units: province, then its wards.
    await page.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hà Nội' });
    await page.getByLabel('Phường, xã, đặc khu').selectOption({ label: 'Phường Hoàn Kiếm' });
    await page.getByLabel('Số nhà, đường, thôn, tổ dân phố').fill('12 Đinh Tiên Hoàng');
    await page.getByLabel('Số điện thoại di động').fill('+84 987 654 321');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    // The page has other status regions (live announcements, the mail choice): the profile's.
    await expect(page.getByRole('status').filter({ hasText: 'Đã lưu thông tin' })).toHaveText('Đã lưu thông tin cá nhân.');
    await open(page, '/account', testInfo);
    await expect(page.getByLabel('Số điện thoại di động')).toHaveValue('0987654321');
    await expect(page.getByLabel('Phường, xã, đặc khu')).toHaveValue(/\d+/);
    await expect(page.getByLabel('Số nhà, đường, thôn, tổ dân phố')).toHaveValue('12 Đinh Tiên Hoàng');

    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
    // Signed out means signed out: the account page now asks to sign in.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount/);

    await signIn(page, testInfo, citizenId, PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Tài khoản của tôi' })).toBeVisible();
  });

  test('sign in and out without JavaScript @nojs', async ({ page }, testInfo) => {
    await signIn(page, testInfo, 'congdan@demo.dvc.vn', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Tài khoản của tôi' })).toBeVisible();
    await expect(page.getByLabel('Số điện thoại di động')).toHaveValue('0912345678');
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
  });

  test('a wrong password gets a clear message and no session', async ({ page }, testInfo) => {
    await signIn(page, testInfo, 'congdan@demo.dvc.vn', 'not the password at all');
    await expect(page.getByRole('alert')).toHaveText('Số định danh/thư điện tử hoặc mật khẩu không đúng.');
    await expect(page).toHaveURL(/\/login/);
    await expectAccessible(page);
  });

  test('a citizen is refused the dashboard with a clear page', async ({ page }, testInfo) => {
    await signIn(page, testInfo, 'congdan@demo.dvc.vn', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    const response = await page.goto('/dashboard');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Không có quyền truy cập' })).toBeVisible();
    await expect(page.getByText('Trang này dành cho cán bộ')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Trang chủ' })).toBeVisible();
    await expectAccessible(page);
  });

  test('a citizen turns on two-factor verification and then needs it to sign in', async ({ page }, testInfo) => {
    const citizenId = uniqueCitizenId(testInfo, 2);
    await open(page, '/register', testInfo);
    await page.getByLabel('Họ, chữ đệm và tên').fill('Trần Văn Bình');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill(citizenId);
    await fillDate(page, 'Ngày sinh', '02/01/1990');
    await page.getByLabel('Số điện thoại di động').fill('0987 000 111');
    await page.getByLabel('Thư điện tử').fill(`binh.${citizenId}@example.vn`);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect(page).toHaveURL(/\/account$/);

    await open(page, '/account/two-factor', testInfo);
    await page.getByRole('button', { name: 'Tạo khóa bí mật' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    await expectAccessible(page);
    await page.getByLabel('Mã xác thực').fill(totp(secret));
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText('Xác thực hai lớp: đang bật.')).toBeVisible();

    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await signIn(page, testInfo, citizenId, PASSWORD);
    await expect(page).toHaveURL(/\/login\/verify$/);
    await hydrated(page);
    await expectAccessible(page);
    await page.getByLabel('Mã xác thực').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });
});

test.describe('officials', () => {
  test('an official signs in and reaches the dashboard @phone', async ({ page }, testInfo) => {
    await signIn(page, testInfo, 'tiepnhan.benthanh@demo.dvc.vn', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('link', { name: 'Bàn làm việc' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Bàn làm việc' })).toBeVisible();
    await expect(page.getByText('Xin chào, Lê Thị Thu')).toBeVisible();
    await expect(page.getByText('Ủy ban nhân dân phường Bến Thành')).toBeVisible();
    await expect(page.getByText('Bộ phận một cửa (tiếp nhận, trả kết quả)')).toBeVisible();
    // A receiver does not manage officials.
    await expect(page.getByRole('link', { name: 'Quản lý cán bộ' })).toHaveCount(0);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
  });

  test('an agency administrator creates an official, who must set a password first', async ({ page, browser }, testInfo) => {
    await signIn(page, testInfo, 'quantri.tuphap@demo.dvc.vn', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await open(page, '/dashboard', testInfo);
    await page.getByRole('link', { name: 'Quản lý cán bộ' }).click();
    await expect(page).toHaveURL(/\/dashboard\/admin$/);
    await hydrated(page);
    await expectAccessible(page);
    // Only this agency is offered; another agency's officials are not listed.
    const agency = page.getByLabel('Cơ quan', { exact: true });
    await expect(agency.locator('option')).toHaveCount(2);
    await expect(page.getByText('tiepnhan.benthanh@demo.dvc.vn')).toHaveCount(0);
    await expect(page.getByText('tiepnhan.tuphap@demo.dvc.vn')).toBeVisible();

    const email = `moi.${Date.now()}.${testInfo.project.name}@tuphap.vn`;
    await page.getByLabel('Họ và tên', { exact: true }).fill('Hoàng Văn Mới');
    await page.getByLabel('Thư điện tử', { exact: true }).fill(email);
    await agency.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Chọn ít nhất một vai trò' })).toBeVisible();
    await page.getByRole('group', { name: 'Vai trò', exact: true }).getByLabel('Chuyên viên xử lý').check();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const temporary = (await page.getByTestId('temporary-password').textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await expect(page.getByRole('table').getByText(email)).toBeVisible();

    // The new official, in another browser: first the password, then the work.
    const context = await browser.newContext();
    const official = await context.newPage();
    await signIn(official, testInfo, email, temporary);
    await expect(official).toHaveURL(/\/account\/password$/);
    await hydrated(official);
    await expect(official.getByText('Đây là lần đăng nhập đầu tiên')).toBeVisible();
    await expectAccessible(official);
    // Until then, the dashboard sends them back here.
    await official.goto('/dashboard');
    await expect(official).toHaveURL(/\/account\/password$/);
    await hydrated(official);
    await official.getByLabel('Mật khẩu hiện tại').fill(temporary);
    await official.getByLabel('Mật khẩu mới', { exact: true }).fill(PASSWORD);
    await official.getByLabel('Nhập lại mật khẩu mới').fill(PASSWORD);
    await official.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(official).toHaveURL(/\/account$/);
    await official.goto('/dashboard');
    await expect(official.getByText('Xin chào, Hoàng Văn Mới')).toBeVisible();
    await context.close();
  });
});
