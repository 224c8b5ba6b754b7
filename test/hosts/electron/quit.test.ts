import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { closeBeforeQuit } from '../../../src/main/hosts/electron/quit'

/** Stands in for Electron's app: quit() emits before-quit, and the app ends unless a listener prevents it. */
class FakeApp extends EventEmitter {
  ended = false
  quit(): void {
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) this.ended = true
  }
}

function setup(close = vi.fn(async () => {})) {
  const app = new FakeApp()
  let finish!: () => void
  const closing = vi.fn(() => new Promise<void>((done) => (finish = done)).then(close))
  const quitting = closeBeforeQuit(app, closing)
  return { app, closing, quitting, finish: () => finish(), close }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('closing the studio before the app ends (Electron mocked: the binary cannot run here)', () => {
  it('a quit waits for the studio to close, once, then ends the app', async () => {
    const { app, closing, finish } = setup()
    app.quit()
    app.quit() // a second Quit while closing
    await settle()
    expect(app.ended).toBe(false)
    expect(closing).toHaveBeenCalledTimes(1)
    finish()
    await settle()
    expect(app.ended).toBe(true)
    expect(closing).toHaveBeenCalledTimes(1)
  })

  it('Windows shutdown or log-off (a window’s session-end, no before-quit) closes the studio, then quits', async () => {
    const { app, closing, quitting, finish } = setup()
    const window = new EventEmitter()
    quitting.watch(window)
    window.emit('session-end')
    expect(closing).toHaveBeenCalledTimes(1)
    expect(app.ended).toBe(false)
    finish()
    await settle()
    expect(app.ended).toBe(true)
    expect(closing).toHaveBeenCalledTimes(1)
  })

  it('a Linux or macOS shutdown is held (the event prevented) and runs the same quit', async () => {
    const { app, closing, quitting, finish } = setup()
    const powerMonitor = new EventEmitter()
    quitting.watchShutdown(powerMonitor)
    const shutdown = { preventDefault: vi.fn() }
    powerMonitor.emit('shutdown', shutdown)
    expect(shutdown.preventDefault).toHaveBeenCalled()
    expect(closing).toHaveBeenCalledTimes(1)
    finish()
    await settle()
    expect(app.ended).toBe(true)
  })

  it('a studio that fails to close still lets the app end, saying so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { app, finish } = setup(vi.fn(async () => Promise.reject(new Error('disk gone'))))
    app.quit()
    finish()
    await settle()
    expect(app.ended).toBe(true)
    expect(errors).toHaveBeenCalledWith('[main] close failed:', expect.objectContaining({ message: 'disk gone' }))
    errors.mockRestore()
  })
})
