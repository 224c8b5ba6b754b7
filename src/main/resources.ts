import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the app runs: a packaged app keeps its resources and binaries under process.resourcesPath. */
export interface Runtime {
  resourcesPath: string | null
  isPackaged: boolean
}

/**
 * Electron sets `defaultApp` when it runs a folder (`electron .`, electron-vite preview, the e2e
 * test); a packaged app runs without it. Read from the process so Node hosts need no Electron import.
 */
export function currentRuntime(proc: NodeJS.Process = process): Runtime {
  const electron = proc as NodeJS.Process & { resourcesPath?: string; defaultApp?: boolean }
  if (!proc.versions.electron || !electron.resourcesPath) return { resourcesPath: null, isPackaged: false }
  return { resourcesPath: electron.resourcesPath, isPackaged: !electron.defaultApp }
}

/** The nearest folder at or above this module's that holds `name` (from source under tsx and from out/main alike). */
export function folderAbove(name: string, start = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, name))) return dir
    if (path.dirname(dir) === dir) throw new Error(`${name} not found above ${start}`)
  }
}

/** A file of the project's resources/ folder; packaged, electron-builder's extraResources put it in <resourcesPath>/resources. */
export function resourcePath(name: string, runtime: Runtime = currentRuntime()): string {
  if (runtime.isPackaged && runtime.resourcesPath) return path.join(runtime.resourcesPath, 'resources', name)
  return path.join(folderAbove(path.join('resources', name)), 'resources', name)
}

/**
 * The folder of binaries shipped with the app (llama-server and its helpers, ffprobe): packaged,
 * <resourcesPath>/bin; from a checkout, vendor/<platform>-<arch>/ once the build recipe
 * (docs/desktop.md) has filled it. Null when there is none.
 */
export function bundledBinDir(runtime: Runtime = currentRuntime(), platform: string = process.platform, arch: string = process.arch): string | null {
  if (runtime.isPackaged) return runtime.resourcesPath ? path.join(runtime.resourcesPath, 'bin') : null
  try {
    const vendor = path.join('vendor', `${platform}-${arch}`)
    return path.join(folderAbove(vendor), vendor)
  } catch {
    return null
  }
}

/** A shipped binary by name (`.exe` added on Windows), or null when it is not there. */
export function bundledBinary(name: string, runtime: Runtime = currentRuntime(), platform: string = process.platform): string | null {
  const dir = bundledBinDir(runtime, platform)
  if (!dir) return null
  const file = path.join(dir, platform === 'win32' ? `${name}.exe` : name)
  return existsSync(file) ? file : null
}
