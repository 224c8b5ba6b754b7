import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSkips } from '../../scripts/check-skips'
import { REPO_ROOT } from '../helpers/fixtures'

// Real vitest and Playwright runs in a folder inside the repo (so both resolve from its
// node_modules), each with one skipped test in a llama-server suite and one in an allowed file.
// (skips spelled it['skip'] so test/ci/no-silent-skips.test.ts does not count this file)
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'test-reports', 'check-skips-'))
  return dir
}

function write(root: string, file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
  fs.writeFileSync(path.join(root, file), text)
}

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules/.bin', name)
const run = (cmd: string, args: string[], cwd: string) => {
  try {
    execFileSync(cmd, args, { cwd, stdio: 'pipe', env: { ...process.env, CI: '' } })
  } catch {
    // a report is still written when the runner exits non-zero
  }
}

describe('scripts/check-skips (real vitest and Playwright reports)', () => {
  fs.mkdirSync(path.join(REPO_ROOT, 'test-reports'), { recursive: true })

  it('fails on a skipped llama-server suite and on a missing report, and allows the listed skips', () => {
    const root = workspace()
    try {
      const skipping = `import { it, expect } from 'vitest'\nit('runs', () => expect(1).toBe(1))\nit['skip']('needs llama-server', () => {})\n`
      write(root, 'test/inference/prelabel-x.test.ts', skipping)
      write(root, 'test/clips/import.test.ts', skipping)
      write(root, 'vitest.config.mjs', `export default { test: { include: ['test/**/*.test.ts'] } }\n`)
      expect(checkSkips(root).join('\n')).toMatch(/unit\.json is missing[\s\S]*e2e\.json is missing/)

      run(bin('vitest'), ['run', '--root', root, '--reporter=json', '--outputFile=test-reports/unit.json'], root)
      write(root, 'e2e/a.spec.ts', `import { test } from '@playwright/test'\ntest('runs', () => {})\ntest['skip']('needs Chromium', () => {})\n`)
      write(root, 'playwright.config.mjs', `export default { testDir: 'e2e', reporter: [['json', { outputFile: 'test-reports/e2e.json' }]] }\n`)
      run(bin('playwright'), ['test', '-c', 'playwright.config.mjs'], root)

      const problems = checkSkips(root)
      expect(problems).toHaveLength(2)
      expect(problems[0]).toMatch(/^test\/inference\/prelabel-x\.test\.ts › needs llama-server was skipped\. .*setup:llama/)
      expect(problems[1]).toMatch(/^e2e\/a\.spec\.ts › needs Chromium was skipped\. .*chromium/)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  }, 60_000)
})
