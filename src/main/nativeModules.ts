import { existsSync } from 'node:fs'
import path from 'node:path'
import { currentRuntime, folderAbove, type Runtime } from './resources'

export interface NativeTarget {
  /** process.versions.electron; undefined under Node */
  electronVersion: string | undefined
  platform: string
  arch: string
}

/**
 * The better-sqlite3 binding Electron must load, or undefined under Node, which loads
 * node_modules/better-sqlite3's own build. From a checkout that is the copy
 * scripts/build-electron-sqlite.mjs made (folder name as in scripts/electronNative.mjs); packaged,
 * the one electron-builder rebuilt for Electron and unpacked beside app.asar.
 */
export function sqliteBindingPath(target: NativeTarget, runtime: Runtime, projectRoot: () => string): string | undefined {
  if (!target.electronVersion) return undefined
  if (runtime.isPackaged && runtime.resourcesPath) {
    return path.join(runtime.resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
  }
  return path.join(projectRoot(), 'native', `electron-${target.electronVersion}-${target.platform}-${target.arch}`, 'better_sqlite3.node')
}

let cached: { binding: string | undefined } | null = null

/** The nativeBinding option for this process, checked once: a missing Electron build is named, not a loader error. */
export function sqliteBinding(): string | undefined {
  if (cached) return cached.binding
  const target = { electronVersion: process.versions.electron, platform: process.platform, arch: process.arch }
  const binding = sqliteBindingPath(target, currentRuntime(), () => folderAbove('package.json'))
  if (binding && !existsSync(binding)) {
    throw new Error(
      `better-sqlite3 has no build for Electron ${target.electronVersion} at ${binding}: run \`node scripts/build-electron-sqlite.mjs\` (npm start does)`
    )
  }
  cached = { binding }
  return binding
}
