import { BrowserWindow, session, type WebContents } from 'electron'
import { teamNavigationAllowed } from './teamLink'

/** Team hosts' cookies stay apart from the studio's own page (and its app:// scheme is not served there). */
export const TEAM_PARTITION = 'persist:team-hosts'

const open = new Map<string, BrowserWindow>()
let sessionLimited = false

/**
 * A team host's page in its own window, like a browser tab: no preload, so the page has no `window.studio`
 * and reaches the host over HTTP only; it may navigate within that one origin and nowhere else.
 */
export function openTeamWindow(origin: string, token: string): BrowserWindow {
  const existing = open.get(origin)
  if (existing && !existing.isDestroyed()) {
    existing.focus()
    return existing
  }
  limitTeamSession()
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: `SkyCaptioner Studio — ${origin}`,
    webPreferences: { partition: TEAM_PARTITION, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false }
  })
  confine(win.webContents, origin)
  open.set(origin, win)
  win.on('closed', () => open.delete(origin))
  void win.loadURL(`${origin}/?token=${encodeURIComponent(token)}`)
  return win
}

function confine(contents: WebContents, origin: string): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!teamNavigationAllowed(url, origin)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** A team host's page gets no camera, microphone, notifications or the like; fullscreen for the player only. */
function limitTeamSession(): void {
  if (sessionLimited) return
  sessionLimited = true
  const team = session.fromPartition(TEAM_PARTITION)
  team.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'fullscreen'))
  team.setPermissionCheckHandler((_contents, permission) => permission === 'fullscreen')
}
