import { defineConfig } from '@playwright/test';

// The release server built by `make build`, on its own port and a fresh SQLite database.
const port = Number(process.env.DVC_E2E_PORT ?? 3100);
const serverBin = process.env.DVC_SERVER_BIN ?? '../target/release/server';

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
    launchOptions: {
      // Browsers cannot be downloaded here: Debian's Chromium.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    },
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true, viewport: { width: 1280, height: 900 } } },
    { name: 'no-js', use: { javaScriptEnabled: false, viewport: { width: 1280, height: 900 } }, grep: /@nojs/ },
    { name: 'phone', use: { javaScriptEnabled: true, viewport: { width: 360, height: 740 }, hasTouch: true }, grep: /@phone/ },
  ],
  webServer: {
    command: `rm -rf .e2e-data && exec ${serverBin}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DVC_ADDR: `127.0.0.1:${port}`,
      DVC_DATA_DIR: '.e2e-data',
      DVC_SEED_DIR: '../seed',
      DVC_SITE_ROOT: process.env.DVC_SITE_ROOT ?? '../target/site',
      DVC_LOG: 'warn',
      // Demo accounts (listed in the README); officials' second factor is optional in demo.
      DVC_DEMO: '1',
      // Every journey registers its own citizens, from one address: more than the
      // 20 an hour a real address may (the limit itself is an integration test).
      DVC_REGISTER_LIMIT: '100',
    },
  },
});
