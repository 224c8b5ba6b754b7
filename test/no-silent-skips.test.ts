// Suites that need llama-server or Chromium never skip: they fail and say how to get it. Only the
// skips below are allowed, each for a fact of the machine that no install changes.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './helpers/fixtures'

const ALLOWED: Record<string, string> = {
  'test/import.test.ts': 'root reads every folder, so "cannot read" cannot happen as root',
  'test/media-tools.test.ts': 'the "ffmpeg-static not installed" case, where its download worked',
  'e2e/electron.spec.ts': 'the Electron binary, which cannot be downloaded on every machine'
}

function specFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(test|spec)\.ts$/.test(f))
    .map((f) => path.join(dir, f))
}

describe('no silent skips', () => {
  it('has no skip outside the allowed list', () => {
    const files = [...specFiles('test'), ...specFiles('e2e')]
    expect(files.length).toBeGreaterThan(20)
    const skipping = files.filter((f) => /\.(skip|skipIf|todo)\(|\bskip\(/.test(readFileSync(path.join(REPO_ROOT, f), 'utf8')))
    expect(skipping.filter((f) => !(f in ALLOWED))).toEqual([])
  })
})
