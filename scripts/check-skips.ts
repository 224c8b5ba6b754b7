// Run by `npm test` after both runners: fails when a test was skipped outside test/ci/allowedSkips.ts,
// or when a report is missing (a runner that never ran skipped everything). Reads the JSON reports
// vitest and Playwright write (vitest.config.ts, playwright.config.ts).
import fs from 'node:fs'
import path from 'node:path'
import { ALLOWED_SKIPS, REPORTS } from '../test/ci/allowedSkips'

export interface Skip {
  file: string
  title: string
}

interface VitestReport {
  numTotalTests: number
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[]
}

interface PlaywrightSuite {
  file?: string
  title: string
  specs?: { title: string; file: string; tests: { status: string; results: { status: string }[] }[] }[]
  suites?: PlaywrightSuite[]
}

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled'])

export function vitestSkips(report: VitestReport, root: string): Skip[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults.filter((t) => SKIPPED.has(t.status)).map((t) => ({ file: path.relative(root, file.name), title: t.fullName }))
  )
}

export function playwrightSkips(report: { suites: PlaywrightSuite[] }, testDir: string): Skip[] {
  const walk = (suite: PlaywrightSuite): Skip[] => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.filter((t) => t.status === 'skipped').map(() => ({ file: path.join(testDir, spec.file), title: spec.title }))
    ),
    ...(suite.suites ?? []).flatMap(walk)
  ]
  return report.suites.flatMap(walk)
}

/** Every skip outside the allowed list, and every missing report, as messages. */
export function checkSkips(root: string): string[] {
  const problems: string[] = []
  const read = (file: string) => {
    const full = path.join(root, file)
    if (!fs.existsSync(full)) {
      problems.push(`${file} is missing: run the whole \`npm test\`, which writes it`)
      return undefined
    }
    return JSON.parse(fs.readFileSync(full, 'utf8'))
  }
  const unit = read(REPORTS.unit) as VitestReport | undefined
  const e2e = read(REPORTS.e2e) as { suites: PlaywrightSuite[] } | undefined
  const skips = [...(unit ? vitestSkips(unit, root) : []), ...(e2e ? playwrightSkips(e2e, 'e2e') : [])]
  for (const skip of skips) {
    if (!(skip.file in ALLOWED_SKIPS)) {
      problems.push(
        `${skip.file} › ${skip.title} was skipped. Suites that need llama-server run \`npm run setup:llama\`; ` +
          'browser suites need Chromium (`apt-get install chromium`, or CHROMIUM_PATH).'
      )
    }
  }
  return problems
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '..')
  const problems = checkSkips(root)
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    process.exit(1)
  }
  console.log('check-skips: no test skipped outside test/ci/allowedSkips.ts')
}
