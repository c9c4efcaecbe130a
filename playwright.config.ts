import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * `yarn e2e`: the end-to-end test in packages/app/e2e-tests, in Debian's
 * Chromium (never a browser that Playwright downloads). The webServer,
 * scripts/e2e-portal.mjs, builds the app and starts the mesh
 * sandbox, Prometheus and the backend that serves the build on :7007; the
 * test then signs in, runs the mesh template and uses the mesh card and tab.
 */
const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `${chromium} is missing: install Debian's chromium (apt-get install chromium; ./dev test does it)`,
  );
}

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  testMatch: '*.test.ts',
  // One test, one cluster: its steps build on each other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // The whole journey; each wait inside has its own, smaller bound.
  timeout: 6 * 60_000,
  expect: { timeout: 20_000 },
  // under node_modules/.cache, out of the way of lint and the prettier check
  reporter: [
    ['list'],
    [
      'html',
      { open: 'never', outputFolder: 'node_modules/.cache/e2e-test-report' },
    ],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: 'http://localhost:7007',
    browserName: 'chromium',
    // headless: Playwright passes --headless itself
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1400, height: 1000 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node scripts/e2e-portal.mjs',
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    // the app build (~15-25 s) and the backend's start (~10 s) on 2 cores
    timeout: 4 * 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 40_000 },
  },
});
