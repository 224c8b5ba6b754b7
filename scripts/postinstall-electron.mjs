// Root `postinstall` (and `npm run setup:electron`): downloads the Electron binary with a time limit.
// package.json's allowScripts denies electron's own postinstall, whose failed download would fail the
// whole `npm install`; here a failure only means `npm start` serves the studio in a browser instead.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const limitS = Number(process.env.SKYCAP_ELECTRON_TIMEOUT || 300)
// In `npm install` a failure must not fail the install; run by hand, the exit code tells.
const failCode = process.env.npm_lifecycle_event === 'postinstall' ? 0 : 1

function fallback(reason) {
  console.log(`Electron could not be downloaded (${reason}): \`npm start\` will serve the studio in your browser; see README.`)
  process.exit(failCode)
}

if (!Number.isFinite(limitS) || limitS <= 0) {
  console.error(`SKYCAP_ELECTRON_TIMEOUT must be a number of seconds, got "${process.env.SKYCAP_ELECTRON_TIMEOUT}"`)
  process.exit(2)
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('Electron download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set): `npm start` will serve the studio in your browser; see README.')
  process.exit(0)
}

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  fallback('the electron package is not installed')
}
const { version } = require('electron/package.json')

// electron's install.js returns at once when the binary is already there, else downloads and unpacks it.
// It downloads into a temp folder that a killed download would leave behind: give it one of ours.
const tmp = mkdtempSync(join(tmpdir(), 'skycap-electron-'))
const env = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp }
const child = spawn(process.execPath, ['install.js'], { cwd: electronDir, env, stdio: ['ignore', 'ignore', 'pipe'] })
let stderr = ''
child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text))
const timer = setTimeout(() => child.kill('SIGTERM'), limitS * 1000)
child.once('error', (err) => {
  rmSync(tmp, { recursive: true, force: true })
  fallback(err.message)
})
child.once('exit', (code, signal) => {
  clearTimeout(timer)
  rmSync(tmp, { recursive: true, force: true })
  if (signal) fallback(`not done within ${limitS} s; retry with SKYCAP_ELECTRON_TIMEOUT=900 npm run setup:electron`)
  if (code !== 0) {
    // install.js prints the error's stack: its first line ("RequestError: getaddrinfo ENOTFOUND github.com") says why
    const firstError = stderr.split('\n').find((line) => /^\w*Error\b/.test(line))
    fallback(firstError?.trim() ?? `electron's install.js exited with ${code}`)
  }
  let binary
  try {
    binary = require('electron')
  } catch (err) {
    fallback(err instanceof Error ? err.message : String(err))
  }
  if (!existsSync(binary)) fallback(`no binary at ${binary} after the download`)
  console.log(`Electron ${version} installed: \`npm start\` opens the desktop app.`)
})
