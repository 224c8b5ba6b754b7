// `npm start`: the Electron app where its binary is installed, else the same studio in a browser.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nativeDir, rebuildReason, stampFor } from './electronNative.mjs'
import { prepare, runUntilExit } from './runPlan.mjs'
import { startPlan } from './startPlan.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version

/** The electron package throws when its binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronState() {
  try {
    const binary = require('electron')
    if (typeof binary === 'string' && existsSync(binary)) return { binary, version: versionOf('electron'), problem: null }
    return { binary: null, version: null, problem: `its binary ${binary} is missing` }
  } catch (err) {
    return { binary: null, version: null, problem: err instanceof Error ? err.message : String(err) }
  }
}

/** Why the Electron build of better-sqlite3 must be made before the app opens, or null. */
function nativeReason(electron) {
  if (!electron.binary) return null
  const target = { electronVersion: electron.version, platform: process.platform, arch: process.arch }
  return rebuildReason(nativeDir(root, target), stampFor({ ...target, sqliteVersion: versionOf('better-sqlite3') }))
}

const electron = electronState()
const plan = startPlan({
  platform: process.platform,
  execPath: process.execPath,
  root,
  args: process.argv.slice(2),
  electron,
  nativeReason: nativeReason(electron)
})
const step = prepare(plan, console)
if (step) runUntilExit(step)
else process.exit(1)
