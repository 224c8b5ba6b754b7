import os from 'node:os'
import path from 'node:path'

/**
 * Where projects and settings live. SKYCAP_DATA_DIR wins so a test run or a second
 * studio instance can be pointed elsewhere without touching the caller's options.
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SKYCAP_DATA_DIR) return path.resolve(env.SKYCAP_DATA_DIR)
  if (explicit) return path.resolve(explicit)
  const base = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share')
  return path.join(base, 'skycaptioner-studio')
}

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings.json')
}
