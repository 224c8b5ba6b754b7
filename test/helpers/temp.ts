import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// The one temp-folder helper for unit tests, e2e specs and their child scripts. Vitest removes a
// file's folders after it (test/setup.ts); any other process removes them when it exits.
const made: string[] = []

/** A fresh folder under the OS temp dir, removed after the test file (or the process) ends. */
export function tempDir(prefix = 'skycap-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** One temp folder per test file, and fresh folders inside it: one place to look when a test fails. */
export function scratch(prefix: string): (name?: string) => string {
  const root = tempDir(prefix)
  return (name = 'dir') => fs.mkdtempSync(path.join(root, `${name}-`))
}

/** Removes every folder made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

process.once('exit', removeTempDirs)
