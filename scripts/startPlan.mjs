// What `npm start` runs, as data: every step is a JS entry point run with Node itself (no npx, no
// shell), so the same plan works on Linux, macOS and Windows. scripts/start.mjs carries it out.
import path from 'node:path'

/**
 * @typedef {{ label: string, command: string, args: string[], options: { cwd: string, stdio: 'inherit', shell: false }, longLived?: boolean }} Step
 * @typedef {{ mode: 'electron' | 'browser', notice: string, steps: Step[], fallback?: Plan }} Plan
 * @typedef {{ binary: string | null, version: string | null, problem: string | null }} ElectronState
 */

/**
 * @param {{ platform: NodeJS.Platform, execPath: string, root: string, args: string[], electron: ElectronState, nativeReason: string | null }} input
 *   nativeReason: why the Electron build of better-sqlite3 must be made first, or null when it fits
 * @returns {Plan}
 */
export function startPlan({ platform, execPath, root, args, electron, nativeReason }) {
  const paths = platform === 'win32' ? path.win32 : path.posix
  const options = { cwd: root, stdio: /** @type {const} */ ('inherit'), shell: /** @type {const} */ (false) }
  const electronVite = paths.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const browser = (notice) => ({
    mode: /** @type {const} */ ('browser'),
    notice,
    steps: [
      { label: 'building the renderer (electron-vite build)', command: execPath, args: [electronVite, 'build'], options },
      {
        label: 'the browser host (src/main/hosts/http/serve.ts)',
        command: execPath,
        args: ['--import', 'tsx', paths.join(root, 'src', 'main', 'hosts', 'http', 'serve.ts'), ...args],
        options,
        longLived: true
      }
    ]
  })

  if (!electron.binary) {
    return browser(`Electron is not installed (${electron.problem ?? 'no binary'}); serving the same studio in your browser instead.`)
  }
  const app = { label: 'the desktop app (electron-vite preview)', command: execPath, args: [electronVite, 'preview', ...args], options, longLived: true }
  if (!nativeReason) return { mode: 'electron', notice: `Opening the desktop app (Electron ${electron.version}).`, steps: [app] }
  return {
    mode: 'electron',
    notice: `Opening the desktop app (Electron ${electron.version}); building better-sqlite3 for it first (${nativeReason}).`,
    steps: [
      { label: 'building better-sqlite3 for Electron', command: execPath, args: [paths.join(root, 'scripts', 'build-electron-sqlite.mjs')], options },
      app
    ],
    // the build needs Electron's headers (a download) and a C++ toolchain where no prebuild fits
    fallback: browser('better-sqlite3 could not be built for Electron (the reason is above); serving the same studio in your browser instead.')
  }
}
