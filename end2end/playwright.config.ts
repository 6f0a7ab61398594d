import { defineConfig } from '@playwright/test';

// The release server built by `make build`, on its own port and a fresh SQLite database.
const port = Number(process.env.DVC_E2E_PORT ?? 3100);
const serverBin = process.env.DVC_SERVER_BIN ?? '../target/release/server';

const visualPort = port + 1;
// A portal that signs in against an OpenID provider it did not write (oidc/provider.mjs).
const federatedPort = port + 2;
const providerPort = port + 3;

// Browsers cannot be downloaded here: Debian's Chromium.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
};

/** One release server on `port`, with a fresh SQLite database in `data`. */
function server(port: number, data: string, extra: Record<string, string> = {}) {
  return {
    command: `rm -rf ${data} && exec ${serverBin}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      DVC_ADDR: `127.0.0.1:${port}`,
      DVC_DATA_DIR: data,
      DVC_SEED_DIR: '../seed',
      DVC_SITE_ROOT: process.env.DVC_SITE_ROOT ?? '../target/site',
      DVC_LOG: 'warn',
      // Demo accounts (listed in the README); officials' second factor is optional in demo.
      DVC_DEMO: '1',
      // Every journey registers its own citizens, from one address: more than the
      // 20 an hour a real address may (the limit itself is an integration test).
      DVC_REGISTER_LIMIT: '100',
      // The public statistics follow within a second (a minute by default), so a
      // journey sees its own rating counted.
      DVC_STATISTICS_MAX_AGE: '1',
      // Webhook deliveries go within a second (every five by default).
      DVC_WEBHOOK_SECS: '1',
      ...extra,
    },
  };
}

// The screenshot projects: their own server; glyphs rasterised the same way
// whatever the machine's fontconfig says (fonts/fonts.conf).
const visual = {
  javaScriptEnabled: true,
  // The shipped fonts go in as an inline style, which the portal's CSP refuses.
  bypassCSP: true,
  baseURL: `http://127.0.0.1:${visualPort}`,
  launchOptions: {
    ...chromium,
    args: [...chromium.args, '--font-render-hinting=none'],
    env: { ...process.env, FONTCONFIG_FILE: `${__dirname}/fonts/fonts.conf` },
  },
};
const desktop = { viewport: { width: 1280, height: 900 } };
const phone = { viewport: { width: 360, height: 740 }, hasTouch: true };

/** Specs with servers of their own, outside the ordinary journeys. */
const apart = /(visual|independent_provider)\.spec\.ts/;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'vi-VN',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  // Screenshot baselines (visual.spec.ts), one folder per project; `make screenshots` rewrites them.
  snapshotPathTemplate: '{testDir}/__screenshots__/{projectName}/{arg}{ext}',
  projects: [
    // The visual projects, one after the other, on a server and database of
    // their own that hold only what they made: the pages are the same in every run.
    { name: 'visual', testMatch: /visual\.spec\.ts/, retries: 0, use: { ...visual, ...desktop } },
    { name: 'visual-phone', testMatch: /visual\.spec\.ts/, retries: 0, dependencies: ['visual'], use: { ...visual, ...phone } },
    { name: 'hydrated', testIgnore: apart, use: { javaScriptEnabled: true, ...desktop } },
    { name: 'no-js', testIgnore: apart, use: { javaScriptEnabled: false, ...desktop }, grep: /@nojs/ },
    { name: 'phone', testIgnore: apart, use: { javaScriptEnabled: true, ...phone }, grep: /@phone/ },
    // Sign-in against the independent provider, on the portal configured for it.
    { name: 'independent-provider', testMatch: /independent_provider\.spec\.ts/, use: { javaScriptEnabled: true, ...desktop, baseURL: `http://127.0.0.1:${federatedPort}` } },
  ],
  webServer: [
    server(port, '.e2e-data'),
    server(visualPort, '.e2e-data-visual'),
    server(federatedPort, '.e2e-data-federated', {
      DVC_VNEID_ISSUER: `http://127.0.0.1:${providerPort}`,
      DVC_VNEID_CLIENT_ID: 'dvc-e2e',
      DVC_VNEID_CLIENT_SECRET: 'dvc-e2e-secret-not-for-production',
    }),
    {
      command: 'exec node oidc/provider.mjs',
      url: `http://127.0.0.1:${providerPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: { OIDC_PORT: String(providerPort), DVC_URL: `http://127.0.0.1:${federatedPort}` },
    },
  ],
});
