import { BrowserWindow, session, type WebContents } from 'electron'
import { APP_ORIGIN } from './protocol'

/** electron-vite sets this in `dev`; otherwise the built renderer is served over app://. */
const DEV_URL = process.env.ELECTRON_RENDERER_URL

export function rendererUrl(): string {
  return DEV_URL ?? `${APP_ORIGIN}/index.html`
}

/** True for frames showing the studio's own page: other frames never reach the API. */
export function isStudioFrame(url: string | undefined): boolean {
  // Node's URL gives custom schemes an opaque ("null") origin, so app:// is compared as text.
  const origin = DEV_URL ? new URL(DEV_URL).origin : APP_ORIGIN
  return !!url && url.startsWith(origin + '/')
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'SkyCaptioner Studio',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false
    }
  })
  harden(win.webContents)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl())
  return win
}

/** The studio is a single page: it never navigates, opens windows, or embeds webviews. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** No camera, microphone, notifications or the like: the studio needs none. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}
