// `npm start`: the Electron app where its binary is installed, else the same studio in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

/** The electron package throws when its binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Runs a long-lived child and passes Ctrl-C / SIGTERM on to it, so it can close its project cleanly. */
function runUntilExit(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

if (electronBinary()) {
  // better-sqlite3 is a native module: Electron needs it built for its own ABI (Node's tests then need
  // `npm rebuild better-sqlite3` to switch back).
  console.log('Opening the desktop app (Electron); rebuilding better-sqlite3 for Electron first...')
  run(npx, ['--yes', '@electron/rebuild', '-f', '-w', 'better-sqlite3'])
  runUntilExit(npx, ['electron-vite', 'preview', ...args])
} else {
  console.log('Electron is not installed (see the line `npm install` printed about it, or README); ' + 'serving the same studio in your browser instead.')
  run(npx, ['electron-vite', 'build'])
  runUntilExit(process.execPath, ['--import', 'tsx', join(root, 'src/main/hosts/http/serve.ts'), ...args])
}
