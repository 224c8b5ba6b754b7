import { mkdtempSync } from 'node:fs'
import path from 'node:path'
import { tempDir } from './fixtures'

/** One temp folder per test file, removed after it, and fresh folders inside it: one place to look when a test fails. */
export function scratch(prefix: string): (name?: string) => string {
  const root = tempDir(prefix)
  return (name = 'dir') => mkdtempSync(path.join(root, `${name}-`))
}
