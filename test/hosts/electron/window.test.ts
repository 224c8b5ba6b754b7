import { describe, expect, it, vi } from 'vitest'

type Listener = (event: { preventDefault(): void }) => void

/** Records what window.ts asks of Electron; the real binary is unavailable here. */
const created: { options: any; listeners: Map<string, Listener>; openHandler?: () => unknown; loaded?: string }[] = []
const permission: { request?: Function; check?: Function } = {}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents: any
    constructor(options: unknown) {
      const record: (typeof created)[number] = { options, listeners: new Map() }
      created.push(record)
      this.webContents = {
        on: (name: string, fn: Listener) => record.listeners.set(name, fn),
        setWindowOpenHandler: (fn: () => unknown) => (record.openHandler = fn)
      }
      ;(this as any).loadURL = async (url: string) => void (record.loaded = url)
    }
    once() {}
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Function) => (permission.request = fn),
      setPermissionCheckHandler: (fn: Function) => (permission.check = fn)
    }
  }
}))

const { createMainWindow, denyPermissions, isStudioFrame } = await import('../../../src/main/hosts/electron/window')

describe('Electron window hardening (Electron mocked: the binary is unavailable here)', () => {
  it('opens the renderer from app://studio with isolation, sandbox and no Node', () => {
    createMainWindow('/app/out/preload/index.cjs')
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

  it('denies every permission request', () => {
    denyPermissions()
    const callback = vi.fn()
    permission.request!({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(permission.check!()).toBe(false)
  })

  it('trusts only frames of the studio page for IPC', () => {
    expect(isStudioFrame('app://studio/index.html#/review/3')).toBe(true)
    expect(isStudioFrame('app://studio.evil/index.html')).toBe(false)
    expect(isStudioFrame('https://evil.example/')).toBe(false)
    expect(isStudioFrame('file:///etc/passwd')).toBe(false)
    expect(isStudioFrame(undefined)).toBe(false)
  })
})
