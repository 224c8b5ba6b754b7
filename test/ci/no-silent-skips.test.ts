// No test file may contain a skip outside ./allowedSkips.ts; scripts/check-skips.ts checks what a run skipped.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/fixtures'
import { ALLOWED_SKIPS } from './allowedSkips'

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
    expect(skipping.filter((f) => !(f in ALLOWED_SKIPS))).toEqual([])
  })
})
