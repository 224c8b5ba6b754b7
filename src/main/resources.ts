import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Finds a file of the project's resources/ folder from source (tsx) and from the built out/main alike. */
export function resourcePath(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = path.join(dir, 'resources', name)
    if (existsSync(candidate)) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`Resource ${name} not found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}
