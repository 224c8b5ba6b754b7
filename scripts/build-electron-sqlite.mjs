// Builds better-sqlite3 for Electron's ABI into native/electron-<v>-<platform>-<arch>/, once per
// Electron version, with the pinned @electron/rebuild. It builds in a temp copy of the package, so
// node_modules/better-sqlite3 stays built for Node (tests, serve, CLI).
// `node scripts/build-electron-sqlite.mjs [--force] [--electron V --platform P --arch A]` (the
// installed Electron on this machine by default; packaging passes its target). `--if-electron`
// does nothing where no Electron binary is installed (before the e2e tests). SKYCAP_ELECTRON_HEADERS_URL
// names a headers mirror.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { BINDING_FILE, installedElectron, nativeDir, packageVersion, rebuildReason, STAMP_FILE, stampFor } from './electronNative.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

const flag = { type: 'boolean' }
const text = { type: 'string' }
const { values } = parseArgs({ options: { force: flag, 'if-electron': flag, electron: text, platform: text, arch: text } })

if (values['if-electron'] && !installedElectron().binary) {
  console.log('No Electron binary installed: no Electron build of better-sqlite3 needed')
  process.exit(0)
}

const target = {
  electronVersion: values.electron ?? packageVersion('electron'),
  platform: values.platform ?? process.platform,
  arch: values.arch ?? process.arch
}
const expected = stampFor({ ...target, sqliteVersion: packageVersion('better-sqlite3') })
const dir = nativeDir(root, target)
const reason = values.force ? 'asked with --force' : rebuildReason(dir, expected)
if (!reason) {
  console.log(`better-sqlite3 for Electron ${target.electronVersion} is up to date in ${path.relative(root, dir)}`)
  process.exit(0)
}

console.log(`Building better-sqlite3 for Electron ${target.electronVersion} (${reason}); this happens once per Electron version...`)
const work = mkdtempSync(path.join(tmpdir(), 'skycap-electron-sqlite-'))
try {
  const source = path.dirname(require.resolve('better-sqlite3/package.json'))
  const copy = path.join(work, 'node_modules', 'better-sqlite3')
  // the Node build's objects stay behind: the copy is built from source or a prebuild
  cpSync(source, copy, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' })
  // its install helpers, found from the copy as from the original (a junction needs no rights on Windows)
  for (const dep of ['prebuild-install', 'bindings']) {
    const from = path.join(root, 'node_modules', dep)
    if (existsSync(from)) symlinkSync(from, path.join(work, 'node_modules', dep), 'junction')
  }
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'skycap-electron-sqlite', private: true, dependencies: { 'better-sqlite3': '*' } }))

  // Under npm, npm_config_nodedir & co. would point node-gyp at Node's own headers: the build must target Electron's.
  for (const key of Object.keys(process.env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch)$/i.test(key)) delete process.env[key]
  const { rebuild } = require('@electron/rebuild')
  const headerURL = process.env.SKYCAP_ELECTRON_HEADERS_URL || undefined
  await rebuild({ buildPath: work, ...target, onlyModules: ['better-sqlite3'], force: true, headerURL })

  mkdirSync(dir, { recursive: true })
  copyFileSync(path.join(copy, 'build', 'Release', BINDING_FILE), path.join(dir, BINDING_FILE))
  writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(expected, null, 2) + '\n')
  console.log(`better-sqlite3 for Electron ${target.electronVersion} built into ${path.relative(root, dir)}`)
} catch (err) {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err)
  console.error(`Could not build better-sqlite3 for Electron ${target.electronVersion}: ${message}`)
  console.error(
    "  The build needs Electron's headers (electronjs.org, or SKYCAP_ELECTRON_HEADERS_URL) and, where no prebuild fits, a C++ toolchain and Python."
  )
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
