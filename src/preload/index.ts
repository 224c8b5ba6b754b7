import { contextBridge, ipcRenderer, webUtils } from 'electron'

// Channel names repeat hosts/electron/ipc.ts, picker.ts and drop.ts: a sandboxed preload is one bundle and should not pull in main code.
const REQUEST_CHANNEL = 'studio:request'
const EVENT_CHANNEL = 'studio:event'
const PICK_CHANNEL = 'studio:pick'
const DROP_CHANNEL = 'studio:drop'
const TEAM_CHANNEL = 'studio:team'

type Callback = (payload: unknown) => void
const listeners = new Map<string, Set<Callback>>()

ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const cb of listeners.get(name) ?? []) cb(payload)
})

/**
 * The whole bridge: `request` resolves to the router's ApiResult envelope, `on` returns an unsubscribe,
 * `pick` opens a native file or folder dialog (hosts/electron/picker.ts), `drop` hands the paths of dropped files to the
 * main process (hosts/electron/drop.ts), `team` connects to or shares a team host (hosts/electron/team.ts). Nothing of ipcRenderer itself reaches the page.
 */
contextBridge.exposeInMainWorld('studio', {
  request: (route: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(REQUEST_CHANNEL, route, input),
  on: (event: string, cb: Callback): (() => void) => {
    const set = listeners.get(event) ?? new Set<Callback>()
    listeners.set(event, set)
    set.add(cb)
    return () => void set.delete(cb)
  },
  pick: (request: unknown): Promise<unknown> => ipcRenderer.invoke(PICK_CHANNEL, request),
  // connect to a team host, or share this project (hosts/electron/team.ts)
  team: (request: unknown): Promise<unknown> => ipcRenderer.invoke(TEAM_CHANNEL, request),
  // The page hands File objects, never path strings: only a File from a real drop or file input has a path.
  drop: (files: unknown): Promise<unknown> => {
    const paths = (Array.isArray(files) ? files : []).map(pathOf).filter((p) => p !== '')
    if (paths.length === 0)
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'Nothing dropped is a file or folder on this computer' } })
    return ipcRenderer.invoke(DROP_CHANNEL, paths)
  }
})

function pathOf(file: unknown): string {
  try {
    return webUtils.getPathForFile(file as File)
  } catch {
    return '' // not a File
  }
}
