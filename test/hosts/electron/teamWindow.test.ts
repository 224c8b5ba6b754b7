import { beforeAll, describe, expect, it, vi } from 'vitest'

type Listener = (event: { preventDefault(): void }, url: string) => void

/** Stands in for Electron's BrowserWindow and session: records what the team window is made with and listens to. */
const made: { options: { webPreferences: Record<string, unknown> }; loaded: string[]; on: Map<string, Listener>; openHandler?: () => unknown }[] = []
const permissions: { request?: (c: unknown, p: string, cb: (ok: boolean) => void) => void; check?: (c: unknown, p: string) => boolean } = {}

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record = { options: {} as never, loaded: [] as string[], on: new Map<string, Listener>(), openHandler: undefined as (() => unknown) | undefined }
    readonly webContents = {
      on: (name: string, cb: Listener) => void this.record.on.set(name, cb),
      setWindowOpenHandler: (cb: () => unknown) => void (this.record.openHandler = cb)
    }
    constructor(options: never) {
      this.record.options = options
      made.push(this.record)
    }
    on() {}
    focus() {}
    isDestroyed() {
      return false
    }
    loadURL(url: string) {
      this.record.loaded.push(url)
      return Promise.resolve()
    }
  }
  const session = {
    fromPartition: () => ({
      setPermissionRequestHandler: (cb: typeof permissions.request) => void (permissions.request = cb),
      setPermissionCheckHandler: (cb: typeof permissions.check) => void (permissions.check = cb)
    })
  }
  return { BrowserWindow, session }
})

const TOKEN = `skp_0123456789abcdef_7_${'A'.repeat(43)}`

describe('a team host’s window (Electron mocked: the binary cannot run here)', () => {
  let openTeamWindow: typeof import('../../../src/main/hosts/electron/teamWindow').openTeamWindow
  beforeAll(async () => {
    ;({ openTeamWindow } = await import('../../../src/main/hosts/electron/teamWindow'))
  })

  it('opens the sign-in link without a preload, sandboxed, in its own session; a second open reuses the window', () => {
    openTeamWindow('https://studio.example.com', TOKEN)
    openTeamWindow('https://studio.example.com', TOKEN)
    expect(made).toHaveLength(1)
    const [win] = made
    expect(win.loaded).toEqual([`https://studio.example.com/?token=${TOKEN}`])
    expect(win.options.webPreferences).not.toHaveProperty('preload')
    expect(win.options.webPreferences).toMatchObject({ partition: 'persist:team-hosts', sandbox: true, contextIsolation: true, nodeIntegration: false })
  })

  it('navigates and redirects within that origin only; new windows and webviews are refused', () => {
    const [win] = made
    const tried = (event: string, url: string) => {
      const prevent = vi.fn()
      win.on.get(event)!({ preventDefault: prevent }, url)
      return prevent.mock.calls.length === 0
    }
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(tried(event, 'https://studio.example.com/review/4')).toBe(true)
      expect(tried(event, 'https://evil.example.com/')).toBe(false)
      expect(tried(event, 'app://studio/index.html')).toBe(false)
    }
    expect(tried('will-attach-webview', 'https://studio.example.com/')).toBe(false)
    expect(win.openHandler!()).toEqual({ action: 'deny' })
  })

  it('its session grants fullscreen and nothing else', () => {
    const asked = (permission: string) => {
      let answer: boolean | undefined
      permissions.request!(null, permission, (ok) => (answer = ok))
      return [answer, permissions.check!(null, permission)]
    }
    expect(asked('fullscreen')).toEqual([true, true])
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) expect(asked(permission)).toEqual([false, false])
  })
})
