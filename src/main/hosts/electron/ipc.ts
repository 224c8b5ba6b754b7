import type { ApiResult } from '../../../shared/errors'
import type { StudioApp } from '../../app'

export const REQUEST_CHANNEL = 'studio:request'
export const EVENT_CHANNEL = 'studio:event'

/** The part of Electron's ipcMain this adapter uses; tests pass a plain object. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/** The part of a BrowserWindow events are sent to. */
export interface EventTarget {
  isDestroyed(): boolean
  webContents: { send(channel: string, ...args: unknown[]): void }
}

export interface IpcOptions {
  /** Refuses requests from frames that are not the studio's own page (e.g. an injected iframe). */
  isTrustedSender?: (event: unknown) => boolean
}

/** Electron transport: one request channel into the router, one event channel out of the bus. */
export function registerIpc(
  ipcMain: IpcMainLike,
  app: Pick<StudioApp, 'dispatch' | 'bus'>,
  getWindows: () => EventTarget[],
  opts: IpcOptions = {}
): () => void {
  ipcMain.handle(REQUEST_CHANNEL, async (event, route, input): Promise<ApiResult<unknown>> => {
    if (opts.isTrustedSender && !opts.isTrustedSender(event)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame' } }
    }
    if (typeof route !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'Route must be a string' } }
    }
    return app.dispatch(route, input)
  })
  const unsubscribe = app.bus.subscribe((name, payload) => {
    for (const win of getWindows()) {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload)
    }
  })
  return () => {
    ipcMain.removeHandler(REQUEST_CHANNEL)
    unsubscribe()
  }
}
