import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, safeStorage, type IpcMainInvokeEvent } from 'electron'
import { createStudioApp } from '../../app'
import { chromiumProfile, hostFolders, thisMachine } from '../../paths'
import { runAsNodeProblem } from '../../processes'
import { handleSchemes, registerSchemes } from './protocol'
import { registerDrop } from './drop'
import { EVENT_CHANNEL, registerIpc } from './ipc'
import { menuTemplate } from './menu'
import { registerPicker } from './picker'
import { closeBeforeQuit } from './quit'
import { ShareHost, shareInterfaces } from './share'
import { registerTeam } from './team'
import { TeamHosts } from './teamHosts'
import { openTeamWindow } from './teamWindow'
import { createMainWindow, isStudioFrame, limitPermissions } from './window'
import { WINDOW_STATE_FILE } from './windowState'

registerSchemes()
// Chromium's profile stays where Electron always put it (a product name would move it onto the projects' folder);
// set before the single-instance lock, which lives in it. An explicit --user-data-dir (the e2e's) wins.
if (!app.commandLine.hasSwitch('user-data-dir')) app.setPath('userData', chromiumProfile(thisMachine()))

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
  const disposeDrop = registerDrop(ipcMain, { roots: studio.roots, isTrustedSender })
  const share = new ShareHost({ app: studio, staticDir: rendererDir })
  const disposeTeam = registerTeam(ipcMain, {
    share,
    interfaces: () => shareInterfaces(),
    hosts: new TeamHosts(studio.dataDir, keyStore()),
    openTeamWindow: (origin, token) => void openTeamWindow(origin, token),
    isTrustedSender
  })
  // Quit waits once for the studio to stop its children (ffmpeg, llama-server) and close its project.
  const quitting = closeBeforeQuit(app, async () => {
    disposeIpc()
    disposePicker()
    disposeDrop()
    disposeTeam()
    await share.stop()
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

/** Tokens are encrypted by the OS key store; Linux without one falls back to plain text, which counts as none. */
function keyStore() {
  return {
    available: () => safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
    encrypt: (text: string) => safeStorage.encryptString(text),
    decrypt: (data: Buffer) => safeStorage.decryptString(data)
  }
}
