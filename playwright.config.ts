import { defineConfig } from '@playwright/test'

// Playwright cannot download its browsers here, and its own Chromium build does not play H.264:
// the tests drive an installed Chromium (Debian's by default).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  // Starts `src/main/hosts/http/serve.ts` on a free port with a fresh data folder; see e2e/global-setup.ts.
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // scripts/check-skips.ts reads the JSON report (test/ci/allowedSkips.ts names its path)
  reporter: [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]],
  forbidOnly: !!process.env.CI,
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      // Every browser spec; the Electron one drives its own app.
      testIgnore: /electron\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--autoplay-policy=no-user-gesture-required'
          ]
        }
      }
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ }
  ]
})
