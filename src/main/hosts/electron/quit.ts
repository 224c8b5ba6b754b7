/** The parts of Electron's `app`, `powerMonitor` and windows the quit sequence listens to; tests pass event emitters. */
type AppLike = { on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown; quit(): void }
type PowerMonitorLike = { on(event: 'shutdown', listener: (...args: unknown[]) => void): unknown }

type SessionWindow = { on(event: 'session-end', listener: () => void): unknown }

/**
 * Every way out closes the studio (its children stopped, its project closed) once, before the app
 * ends: a quit waits for it; a Linux or macOS shutdown is held until then; on Windows, where
 * shutdown and log-off send no before-quit, a window's session-end starts it.
 */
export function closeBeforeQuit(app: AppLike, close: () => Promise<void>) {
  let closed = false
  let closing: Promise<void> | null = null
  const closeThenQuit = (): void => {
    closing ??= close()
      .catch((err: unknown) => console.error('[main] close failed:', err))
      .then(() => void (closed = true))
    void closing.then(() => app.quit())
  }
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closeThenQuit()
  })
  return {
    watch: (window: SessionWindow): void => void window.on('session-end', closeThenQuit),
    /** powerMonitor works only once the app is ready. */
    watchShutdown: (powerMonitor: PowerMonitorLike): void =>
      // the typings omit the event this handler is given; preventing it takes the OS's shutdown delay
      void powerMonitor.on('shutdown', (...args) => {
        ;(args[0] as { preventDefault?(): void } | undefined)?.preventDefault?.()
        app.quit()
      })
  }
}
