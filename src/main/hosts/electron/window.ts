import { BrowserWindow, screen, session, type WebContents } from 'electron'
import { APP_ORIGIN } from './protocol'
import { loadWindowState, placeWindow, saveWindowState } from './windowState'

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

/** The main window, where it was last time (`stateFile` remembers its size, place and maximized state). */
export function createMainWindow(preload: string, stateFile: string): BrowserWindow {
  const primary = screen.getPrimaryDisplay()
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id)
  const place = placeWindow(
    loadWindowState(stateFile),
    [primary, ...others].map((d) => d.workArea)
  )
  const win = new BrowserWindow({
    x: place.x,
    y: place.y,
    width: place.width,
    height: place.height,
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
  win.once('ready-to-show', () => {
    if (place.maximized) win.maximize()
    win.show()
  })
  // the normal bounds, so a maximized window comes back maximized over its own place
  win.on('close', () => {
    try {
      saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() })
    } catch (err) {
      console.warn('[window] could not remember the window place:', (err as NodeJS.ErrnoException).code ?? err)
    }
  })
  void win.loadURL(rendererUrl())
  return win
}

/** The studio is a single page: it never navigates, opens windows, or embeds webviews. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** What the studio's page may use: a fullscreen player and "copy caption". */
const STUDIO_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write'])

/** Allowed only for the studio's own top frame; camera, microphone, notifications and the rest stay denied. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  return STUDIO_PERMISSIONS.has(permission) && isMainFrame && isStudioFrame(requestingUrl)
}

export function limitPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, details.isMainFrame))
  )
  // a check from a cross-origin subframe carries no requestingUrl, so it is denied
  session.defaultSession.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionAllowed(permission, details.requestingUrl, details.isMainFrame)
  )
}
