import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

/** The CI clones the repo with shared/ beside it: <repo>/../shared. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared')
export const SEED_DIR = path.join(SHARED_DIR, 'fixtures/skycaptioner_v1')
export const EXAMPLES_DIR = path.join(SEED_DIR, 'examples')
export const CLIP_2 = path.join(EXAMPLES_DIR, 'data/2.mp4')
export const CLIP_3 = path.join(EXAMPLES_DIR, 'data/3.mp4')
export const MISSING_CLIP_1 = path.join(EXAMPLES_DIR, 'data/1.mp4')
export const TEST_CSV = path.join(EXAMPLES_DIR, 'test.csv')
export const RESULT_CSV = path.join(EXAMPLES_DIR, 'test_result.csv')

const made: string[] = []
// Registered when a test file imports this module (while vitest collects it): a hook added from
// inside a running test or hook is never run, which left every such folder behind.
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

/** A fresh temp dir, removed after the test file finishes. */
export function tempDir(prefix = 'skycap-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}
