import { defineConfig, devices } from '@playwright/test';

/** The store under test runs on its own port with a fresh embedded database (see support/serve.mjs). */
const PORT = Number(process.env.E2E_PORT ?? 3199);
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 12199);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** Tests drive the Stripe emulator's control API (pay, clock, chaos) at this URL. */
process.env.E2E_EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
/** The local mail catcher's inbox (MailDev: its web page, and `GET /api/email`), started by serve.mjs. */
process.env.E2E_MAIL_URL ??= 'http://127.0.0.1:12180';
/** The admin account serve.mjs bootstraps for the admin panel's tests. */
process.env.E2E_ADMIN_EMAIL ??= 'owner@e2e.example';
process.env.E2E_ADMIN_PASSWORD ??= 'e2e admin passphrase';

/** Debian's chromium; Playwright's own browser download does not work on these machines. */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    {
      name: 'mobile',
      use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, launchOptions: chromium },
    },
  ],
  webServer: {
    command: 'node support/serve.mjs',
    url: `${BASE_URL}/readyz`,
    env: { E2E_PORT: String(PORT), E2E_EMULATOR_PORT: String(EMULATOR_PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
