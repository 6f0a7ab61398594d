import { expect, Page, test } from '@playwright/test';
import {
  act, expectAccessible, expectNoHorizontalScroll, expectStatus, hydrated, official, open, registerCitizen,
  submitBirthRegistration, uniqueCitizenId,
} from './helpers';

/** Live updates must show within two seconds, without a reload. */
const LIVE = { timeout: 2_000 };

/** A name nobody else in this run has, so that the official's queue can be searched for it. */
function uniqueName(digits: string): string {
  const letters = [...digits.slice(-6)].map((d) => 'abcdefghij'[Number(d)]).join('');
  return `Phạm Thị ${letters[0].toUpperCase()}${letters.slice(1)}`;
}

/** Marks the page so that a reload (which would drop the mark) is noticed. */
async function markPage(page: Page) {
  await page.evaluate(() => { (window as unknown as { dvcMark: boolean }).dvcMark = true; });
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { dvcMark?: boolean }).dvcMark)).toBe(true);
}

test('changes reach the citizen, the queue and other officials live, without a reload', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const [citizenContext, receiverContext, processorContext] = await Promise.all([0, 1, 2].map(() => browser.newContext()));
  const citizen = await citizenContext.newPage();
  const name = uniqueName(uniqueCitizenId(testInfo, 7));
  await registerCitizen(citizen, testInfo, 7, name);

  // The receiver watches the new submissions of this applicant: none yet.
  const receiver = await official(receiverContext, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await open(receiver, `/dashboard?queue=new&q=${encodeURIComponent(name)}`, testInfo);
  await expect(receiver.getByText('Không có hồ sơ nào trong hàng đợi này.')).toBeVisible();
  await markPage(receiver);

  // The citizen submits: it appears in the receiver's queue by itself.
  const code = await submitBirthRegistration(citizen);
  await expect(receiver.getByRole('link', { name: code })).toBeVisible(LIVE);
  await expectNotReloaded(receiver);

  // The citizen follows the dossier; a processor has it open too.
  await open(citizen, `/dossiers/${code}`, testInfo);
  await expect(citizen.locator('.status-badge').first()).toHaveText('Mới đăng ký');
  await markPage(citizen);
  const processor = await official(processorContext, testInfo, 'xuly.benthanh@demo.dvc.vn');
  await open(processor, `/dashboard/dossiers/${code}`, testInfo);
  await expect(processor.getByRole('heading', { level: 1 })).toContainText(code);

  // The receiver opens it: its stream starts where the page was read, so
  // nothing the page already shows comes back as news.
  const stream = receiver.waitForRequest((request) => new URL(request.url()).pathname === '/events');
  await open(receiver, `/dashboard/dossiers/${code}`, testInfo);
  // `after` is the stream's cursor as rendered: the newest event id, then any ids awaited (`~id`).
  const after = new URL((await stream).url()).searchParams.get('after') ?? '';
  expect(after).toMatch(/^\d+(~\d+)*$/);
  expect(Number(after.split('~')[0])).toBeGreaterThan(0);
  await expect(receiver.getByText('Hồ sơ này vừa được người khác thay đổi')).toHaveCount(0);
  // (Other journeys of this run change other dossiers of the same agency
  // meanwhile, and those are news: only this one must not come back.)
  await expect(receiver.locator('.live-announcer')).not.toContainText(`Hồ sơ ${code}`);

  // The receiver accepts it.
  await act(receiver, 'Tiếp nhận hồ sơ');

  // The citizen's page changes in place, and says so politely.
  await expect(citizen.locator('.status-badge').first()).toHaveText('Được tiếp nhận', LIVE);
  await expect(citizen.locator('.live-announcer')).toContainText(`Hồ sơ ${code}: Được tiếp nhận.`, LIVE);
  await expect(citizen.locator('.live-announcer')).toHaveAttribute('role', 'status');
  await expect(citizen.getByRole('list').filter({ hasText: 'Tiếp nhận hồ sơ' }).first()).toBeVisible();
  await expectNotReloaded(citizen);

  // The processor who had it open is told at once, and reloads it when ready.
  const warning = processor.getByRole('alert').filter({ hasText: 'vừa được người khác thay đổi' });
  await expect(warning).toBeVisible(LIVE);
  await expectAccessible(processor);
  await processor.getByRole('button', { name: 'Tải lại hồ sơ' }).click();
  await expect(warning).toBeHidden();
  await expect(processor.locator('.status-badge').first()).toHaveText('Được tiếp nhận');
  await Promise.all([citizenContext, receiverContext, processorContext].map((c) => c.close()));
});

/** A lazily loaded page's own code (`split___<route>…wasm`, built by `cargo leptos build --split`). */
function isLazyPage(url: URL): boolean {
  return url.pathname.startsWith('/pkg/split___');
}

test('a change made while the page is still loading shows once the page is ready', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const [citizenContext, receiverContext] = await Promise.all([0, 1].map(() => browser.newContext()));
  const citizen = await citizenContext.newPage();
  await registerCitizen(citizen, testInfo, 14);
  const code = await submitBirthRegistration(citizen);
  const receiver = await official(receiverContext, testInfo, 'tiepnhan.benthanh@demo.dvc.vn');
  await open(receiver, `/dashboard/dossiers/${code}`, testInfo);

  // The citizen's dossier page arrives, but its own code is held back (a slow network).
  const errors: string[] = [];
  citizen.on('pageerror', (e) => errors.push(e.message));
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  let requested = () => {};
  const chunkRequested = new Promise<void>((resolve) => { requested = resolve; });
  await citizen.route(isLazyPage, async (route) => { requested(); await held; await route.continue(); });
  await citizen.goto(`/dossiers/${code}`, { waitUntil: 'commit' });
  await chunkRequested;

  // Meanwhile the receiver accepts it; a stream opened before the page was
  // ready would have delivered the change by the end of the pause.
  await act(receiver, 'Tiếp nhận hồ sơ');
  await citizen.waitForTimeout(1_000);
  release();

  await hydrated(citizen);
  await expectStatus(citizen, 'Được tiếp nhận');
  await expect(citizen.locator('.live-announcer')).toContainText(`Hồ sơ ${code}: Được tiếp nhận.`, LIVE);
  expect(errors, 'no error in the browser').toEqual([]);
  await Promise.all([citizenContext, receiverContext].map((c) => c.close()));
});

async function lookupSecret(page: Page, code: string): Promise<string> {
  const reply = await page.request.post('/api/get_my_dossier', { headers: { Accept: 'application/json' }, form: { code } });
  expect(reply.status()).toBe(200);
  return (await reply.json()).lookup_secret;
}

test('anyone with the code and the lookup secret follows a dossier, and learns nothing personal @nojs @phone', async ({ browser }, testInfo) => {
  const citizenContext = await browser.newContext();
  const citizen = await citizenContext.newPage();
  await registerCitizen(citizen, testInfo, 8);
  const code = await submitBirthRegistration(citizen);
  const secret = await lookupSecret(citizen, code);
  await citizenContext.close();

  // A visitor, not signed in, fills the form (a plain GET form: it works without JavaScript).
  const scripted = testInfo.project.use.javaScriptEnabled !== false;
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, '/lookup', testInfo);
  if (scripted) await expectAccessible(page);
  await page.getByLabel('Mã hồ sơ').fill(code.toLowerCase());
  await page.getByLabel('Mã tra cứu').fill(secret);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  const result = page.getByRole('region', { name: `Mã hồ sơ: ${code}` });
  await expect(result).toBeVisible();
  await expect(result.locator('.status-badge')).toHaveText('Mới đăng ký');
  await expect(result).toContainText('Đăng ký khai sinh');
  await expect(result.locator('ol.timeline li')).toHaveCount(1);
  const text = await page.locator('main').innerText();
  for (const personal of ['Nguyễn Văn An', 'Nguyễn Minh Khôi', 'Trần Thị Bình', '001090123456', '0912345678', 'Hàng Bài']) {
    expect(text, 'no personal data').not.toContain(personal);
  }
  if (scripted) await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // A wrong secret: a clear message, the same as for a code that does not exist.
  await open(page, `/lookup?code=${encodeURIComponent(code)}&secret=ZZZZ2222`, testInfo);
  const refusal = await page.getByRole('alert').innerText();
  expect(refusal).toContain('Không tìm thấy hồ sơ');
  await open(page, `/lookup?code=000.20.01.H29-991231-9999&secret=${secret}`, testInfo);
  expect(await page.getByRole('alert').innerText()).toBe(refusal);
  if (scripted) await expectAccessible(page);
});
