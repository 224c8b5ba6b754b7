// Where the Electron-ABI copy of better-sqlite3 lives and whether it must be (re)built. Node keeps
// node_modules/better-sqlite3 as npm built it; Electron loads this copy through `nativeBinding`.
// The folder name is mirrored in src/main/nativeModules.ts (a test checks that they agree).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

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

/** The installed version of a package in node_modules. */
export function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
}

/**
 * The Electron binary and version, or why there is none: the electron package throws when its
 * binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD).
 */
export function installedElectron() {
  try {
    const binary = require('electron')
    if (typeof binary === 'string' && existsSync(binary)) return { binary, version: packageVersion('electron'), problem: null }
    return { binary: null, version: null, problem: `its binary ${binary} is missing` }
  } catch (err) {
    return { binary: null, version: null, problem: err instanceof Error ? err.message : String(err) }
  }
}
