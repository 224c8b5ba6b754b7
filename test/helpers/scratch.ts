import { mkdtempSync } from 'node:fs'
import path from 'node:path'
import { tempDir } from './fixtures'

/**
 * A temp folder for one test file and fresh folders inside it. Call at module level: tempDir()
 * registers its clean-up hook on first use, and a hook registered inside a running test or
 * hook is not run, which left these folders behind.
 */
export function scratch(prefix: string): (name?: string) => string {
  const root = tempDir(prefix)
  return (name = 'dir') => mkdtempSync(path.join(root, `${name}-`))
}
