import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, open } from './helpers';

// DVC signs in against an OpenID provider it did not write: the
// `oidc-provider` package from npm (oidc/provider.mjs), on a portal
// configured with DVC_VNEID_ISSUER as a real deployment is. That provider
// puts the profile's claims at its userinfo endpoint, as the standard says
// for the code flow, and signs its ID tokens with RS256.

test('a person signs in with an independent OpenID provider, and their account opens', async ({ page }, testInfo) => {
  await open(page, '/login', testInfo);
  await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
  // The provider's own (development) sign-in page, then its consent page.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill('079190008888');
  await page.locator('input[name="password"]').fill('mat-khau-bat-ky');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Back on the portal, signed in as the person the provider vouched for.
  await expect(page).toHaveURL(new RegExp(`^${testInfo.project.use.baseURL}/account$`));
  await hydrated(page);
  const profile = page.getByRole('region', { name: 'Thông tin cá nhân' });
  await expect(profile.getByRole('definition').first()).toHaveText('Đỗ Thị Mai');
  await expect(profile).toContainText('079*******88');
  await expect(profile.getByText(/^Họ tên, số định danh và ngày sinh lấy từ VNeID/)).toBeVisible();
  await expectAccessible(page);
});
