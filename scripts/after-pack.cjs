// electron-builder afterPack hook: puts better-sqlite3 built for the packaged Electron into the
// app's app.asar.unpacked, so only the packaged copy changes ABI (node_modules stays Node's).
// The build is scripts/build-electron-sqlite.mjs's, kept in native/ and reused while it fits.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'] // builder-util's Arch enum, by value
const root = path.join(__dirname, '..')

/** Where the packaged app's resources are: inside the .app bundle on macOS. */
function resourcesDir(context) {
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  return mac
    ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : path.join(context.appOutDir, 'resources')
}

exports.default = async function afterPack(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName
  const arch = ARCH_NAMES[context.arch]
  const electronVersion = context.packager.info.framework.version
  const target = ['--electron', electronVersion, '--platform', platform, '--arch', arch]
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron-sqlite.mjs'), ...target], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) throw new Error(`better-sqlite3 could not be built for Electron ${electronVersion} ${platform}-${arch} (the reason is above)`)

  // the layout of native/ is electronNative.mjs's, which nativeModules.ts mirrors (a test checks they agree)
  const { nativeDir, BINDING_FILE } = await import('./electronNative.mjs')
  const binding = path.join(nativeDir(root, { electronVersion, platform, arch }), BINDING_FILE)
  const into = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release')
  fs.mkdirSync(into, { recursive: true })
  fs.copyFileSync(binding, path.join(into, BINDING_FILE))
  if (!fs.existsSync(path.join(root, 'vendor', `${platform}-${arch}`))) {
    console.warn(`after-pack: no vendor/${platform}-${arch}/: this package ships no llama-server or ffprobe (docs/desktop.md, "Shipped binaries")`)
  }
}
