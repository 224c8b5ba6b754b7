// The only tests allowed to skip, each for a fact of the machine that no install changes. Suites
// that need llama-server or Chromium never skip: they fail and say how to get it.
export const ALLOWED_SKIPS: Record<string, string> = {
  'test/clips/import.test.ts': 'root reads every folder, so "cannot read" cannot happen as root',
  'test/media/tools.test.ts': 'the "ffmpeg-static not installed" case, where its download worked',
  'e2e/electron.spec.ts': 'the Electron binary, which cannot be downloaded on every machine'
}

/** Where `npm test` has vitest and Playwright write their JSON reports for scripts/check-skips.ts. */
export const REPORTS = { unit: 'test-reports/unit.json', e2e: 'test-reports/e2e.json' }
