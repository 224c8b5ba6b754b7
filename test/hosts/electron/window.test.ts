import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../helpers/temp'

type Listener = (event: { preventDefault(): void }) => void

/** Records what window.ts asks of Electron; the real binary is unavailable here. */
const created: {
  options: any
  listeners: Map<string, Listener>
  windowListeners: Map<string, () => void>
  openHandler?: () => unknown
  loaded?: string
}[] = []
const permission: { request?: Function; check?: Function } = {}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents: any
    constructor(options: unknown) {
      const record: (typeof created)[number] = { options, listeners: new Map(), windowListeners: new Map() }
      created.push(record)
      this.webContents = {
        on: (name: string, fn: Listener) => record.listeners.set(name, fn),
        setWindowOpenHandler: (fn: () => unknown) => (record.openHandler = fn)
      }
      ;(this as any).loadURL = async (url: string) => void (record.loaded = url)
      ;(this as any).on = (name: string, fn: () => void) => record.windowListeners.set(name, fn)
    }
    once() {}
    getNormalBounds() {
      return { x: 2000, y: 40, width: 1280, height: 800 }
    }
    isMaximized() {
      return true
    }
  },
  // one 1920×1080 display with a 40 px task bar at the top
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 40, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 40, width: 1920, height: 1040 } }]
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Function) => (permission.request = fn),
      setPermissionCheckHandler: (fn: Function) => (permission.check = fn)
    }
  }
}))

const { createMainWindow, limitPermissions, isStudioFrame, permissionAllowed } = await import('../../../src/main/hosts/electron/window')
const stateFile = path.join(tempDir('skycap-window-'), 'window-state.json')

describe('Electron window hardening (Electron mocked: the binary is unavailable here)', () => {
  it('opens the renderer from app://studio with isolation, sandbox and no Node', () => {
    createMainWindow('/app/out/preload/index.cjs', stateFile)
    const [win] = created
    expect(win.loaded).toBe('app://studio/index.html')
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false
    })
  })

  it('blocks navigation, webviews and new windows', () => {
    const [win] = created
    for (const name of ['will-navigate', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() }
      win.listeners.get(name)!(event)
      expect(event.preventDefault, name).toHaveBeenCalled()
    }
    expect(win.openHandler!()).toEqual({ action: 'deny' })
  })

  it('opens at the default size centred on the primary display the first time, and saves its place and maximized state on close', () => {
    const [win] = created
    expect(win.options).toMatchObject({ x: 240, y: 110, width: 1440, height: 900 })
    win.windowListeners.get('close')!()
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toEqual({ x: 2000, y: 40, width: 1280, height: 800, maximized: true })
    // the saved place is off this display now: the next window is pulled back onto it, at its saved size
    createMainWindow('/app/out/preload/index.cjs', stateFile)
    expect(created[1].options).toMatchObject({ x: 320, y: 160, width: 1280, height: 800 })
  })

  it('allows fullscreen and clipboard writes to the studio page only, and denies every other permission', () => {
    limitPermissions()
    const ask = (name: string, requestingUrl: string, isMainFrame = true) => {
      const callback = vi.fn()
      permission.request!({}, name, callback, { requestingUrl, isMainFrame })
      return callback.mock.calls[0]?.[0]
    }
    expect(ask('fullscreen', 'app://studio/index.html#/review/3')).toBe(true)
    expect(ask('clipboard-sanitized-write', 'app://studio/index.html')).toBe(true)
    for (const other of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'display-capture']) {
      expect(ask(other, 'app://studio/index.html'), other).toBe(false)
    }
    // an iframe or a foreign page gets nothing, even what the studio may use
    expect(ask('fullscreen', 'app://studio/index.html', false)).toBe(false)
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(permission.check!({}, 'clipboard-sanitized-write', 'app://studio', { requestingUrl: 'app://studio/index.html', isMainFrame: true })).toBe(true)
    expect(permission.check!({}, 'media', 'app://studio', { requestingUrl: 'app://studio/index.html', isMainFrame: true })).toBe(false)
    // a cross-origin subframe's check carries no URL
    expect(permission.check!({}, 'fullscreen', 'https://evil.example', { isMainFrame: false })).toBe(false)
    expect(permissionAllowed('fullscreen', undefined, true)).toBe(false)
  })

  it('trusts only frames of the studio page for IPC', () => {
    expect(isStudioFrame('app://studio/index.html#/review/3')).toBe(true)
    expect(isStudioFrame('app://studio.evil/index.html')).toBe(false)
    expect(isStudioFrame('https://evil.example/')).toBe(false)
    expect(isStudioFrame('file:///etc/passwd')).toBe(false)
    expect(isStudioFrame(undefined)).toBe(false)
  })
})
