// `npm start`: the Electron app where its binary is installed, else the same studio in a browser.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installedElectron, nativeDir, packageVersion, rebuildReason, stampFor } from './electronNative.mjs'
import { prepare, runUntilExit } from './runPlan.mjs'
import { startPlan } from './startPlan.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Why the Electron build of better-sqlite3 must be made before the app opens, or null. */
function nativeReason(electron) {
  if (!electron.binary) return null
  const target = { electronVersion: electron.version, platform: process.platform, arch: process.arch }
  return rebuildReason(nativeDir(root, target), stampFor({ ...target, sqliteVersion: packageVersion('better-sqlite3') }))
}

const electron = installedElectron()
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
