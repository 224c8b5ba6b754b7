import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, type IpcMainInvokeEvent } from 'electron'
import { createStudioApp } from '../../app'
import { handleSchemes, registerSchemes } from './protocol'
import { registerDrop } from './drop'
import { EVENT_CHANNEL, registerIpc } from './ipc'
import { menuTemplate } from './menu'
import { registerPicker } from './picker'
import { closeBeforeQuit } from './quit'
import { createMainWindow, isStudioFrame, limitPermissions } from './window'
import { WINDOW_STATE_FILE } from './windowState'

registerSchemes()

// A second instance would open the same project files: it hands over to the first one instead.
if (app.requestSingleInstanceLock()) start()
else app.quit()

function start(): void {
  // Projects live in Electron's per-user folder (SKYCAP_DATA_DIR still wins, which the e2e test uses).
  const studio = createStudioApp({ dataDir: app.getPath('userData') })
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
  const disposeDrop = registerDrop(ipcMain, { roots: studio.roots, isTrustedSender })
  // Quit waits once for the studio to stop its children (ffmpeg, llama-server) and close its project.
  const quitting = closeBeforeQuit(app, async () => {
    disposeIpc()
    disposePicker()
    disposeDrop()
    await studio.close()
  })
  const openWindow = () => {
    const win = createMainWindow(preload, join(studio.dataDir, WINDOW_STATE_FILE))
    quitting.watch(win)
    return win
  }

  app.whenReady().then(() => {
    limitPermissions()
    handleSchemes(studio, rendererDir)
    const send = (command: string, window: unknown) => {
      const target = window instanceof BrowserWindow ? window : (BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0])
      target?.webContents.send(EVENT_CHANNEL, 'menu.command', { command })
    }
    const appName = 'SkyCaptioner Studio'
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, packaged: app.isPackaged, appName, send })))
    openWindow()
    quitting.watchShutdown(powerMonitor)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
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
}
