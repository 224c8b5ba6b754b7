// Where the Electron-ABI copy of better-sqlite3 lives and whether it must be (re)built. Node keeps
// node_modules/better-sqlite3 as npm built it; Electron loads this copy through `nativeBinding`.
// The folder name is mirrored in src/main/nativeModules.ts (a test checks that they agree).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const BINDING_FILE = 'better_sqlite3.node'
export const STAMP_FILE = 'stamp.json'

/** `native/electron-<version>-<platform>-<arch>` under the project root. */
export function nativeDir(root, { electronVersion, platform, arch }, paths = path) {
  return paths.join(root, 'native', `electron-${electronVersion}-${platform}-${arch}`)
}

/** What a finished build records: a change in any field means the copy no longer fits. */
export function stampFor({ electronVersion, platform, arch, sqliteVersion }) {
  return { electronVersion, platform, arch, sqliteVersion }
}

/**
 * Why the copy in `dir` must be built, or null when it fits. The stamp is written last, so a build
 * that was interrupted leaves no stamp and is redone.
 */
export function rebuildReason(dir, expected) {
  if (!existsSync(path.join(dir, BINDING_FILE))) return 'no Electron build of better-sqlite3 yet'
  let stamp
  try {
    stamp = JSON.parse(readFileSync(path.join(dir, STAMP_FILE), 'utf8'))
  } catch {
    return 'the last build did not finish'
  }
  for (const key of Object.keys(expected)) {
    if (stamp?.[key] !== expected[key]) return `${key} changed from ${stamp?.[key] ?? 'unknown'} to ${expected[key]}`
  }
  return null
}
