import { homedir } from 'node:os'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { createStudioApp } from '../../app'
import { chromiumProfile, hostFolders } from '../../paths'
import { runAsNodeProblem } from '../../processes'
import { handleSchemes, registerSchemes } from './protocol'
import { registerIpc } from './ipc'
import { registerPicker } from './picker'
import { createMainWindow, denyPermissions, isStudioFrame } from './window'

registerSchemes()
// Chromium's profile stays where Electron always put it (a product name would move it onto the projects' folder);
// set before the single-instance lock, which lives in it. An explicit --user-data-dir (the e2e's) wins.
if (!app.commandLine.hasSwitch('user-data-dir')) app.setPath('userData', chromiumProfile({ platform: process.platform, env: process.env, homedir: homedir() }))

// A second instance would open the same project files: it hands over to the first one instead.
if (app.requestSingleInstanceLock()) start()
else app.quit()

function start(): void {
  // Child processes need Electron's RunAsNode fuse: a build with it off stops here, saying so.
  void runAsNodeProblem().then((problem) => problem && (dialog.showErrorBox('SkyCaptioner Studio cannot start', problem), app.exit(1)))
  // Projects live where serve and the CLI keep them too, not in Chromium's profile (SKYCAP_DATA_DIR still wins, which the e2e test uses).
  const studio = createStudioApp({ folders: hostFolders() })
  const preload = join(import.meta.dirname, '../preload/index.cjs')
  const rendererDir = join(import.meta.dirname, '../renderer')
  studio.servedFolders.add(rendererDir)

  const isTrustedSender = (event: unknown) => isStudioFrame((event as IpcMainInvokeEvent).senderFrame?.url)
  const disposeIpc = registerIpc(ipcMain, studio, () => BrowserWindow.getAllWindows(), { isTrustedSender })
  const disposePicker = registerPicker(ipcMain, {
    dialog,
    roots: studio.roots,
    windowOf: (event) => BrowserWindow.fromWebContents((event as IpcMainInvokeEvent).sender),
    isTrustedSender
  })

  app.whenReady().then(() => {
    denyPermissions()
    handleSchemes(studio, rendererDir)
    createMainWindow(preload)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preload)
    })
  })

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })

  // macOS apps stay alive without windows; everywhere else closing the last window quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Quit waits once for the studio to stop its children (ffmpeg, llama-server) and close its project.
  let closed = false
  let closing: Promise<void> | null = null
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closing ??= (async () => {
      disposeIpc()
      disposePicker()
      await studio.close().catch((err: unknown) => console.error('[main] close failed:', err))
    })().finally(() => {
      closed = true
      app.quit()
    })
  })
}
