import { PickRequest, type PickResult } from '../../../shared/api/files'
import type { ApiResult } from '../../../shared/errors'
import type { Roots } from '../../roots/roots'
import type { IpcMainLike } from './ipc'

export const PICK_CHANNEL = 'studio:pick'

export interface OpenOptions {
  title?: string
  defaultPath?: string
  properties: ('openFile' | 'openDirectory' | 'createDirectory')[]
  filters?: { name: string; extensions: string[] }[]
}

/** The part of Electron's `dialog` the picker uses; tests pass a fake. */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenOptions): Promise<{ canceled: boolean; filePaths: string[] }>
}

export interface PickerDeps<W> {
  dialog: DialogLike<W>
  roots: Pick<Roots, 'folders' | 'grant'>
  /** The studio window that asked, which the dialog is modal to; null for any other sender. */
  windowOf(event: unknown): W | null
  isTrustedSender?: (event: unknown) => boolean
}

const refused = (message: string): ApiResult<PickResult> => ({ ok: false, error: { code: 'unauthorized', message } })

/**
 * The desktop app's native file and folder dialogs. What the user picks there is inside the roots
 * by definition: it is granted for this session, so the routes that check the roots accept it.
 */
export function registerPicker<W>(ipcMain: IpcMainLike, deps: PickerDeps<W>): () => void {
  ipcMain.handle(PICK_CHANNEL, async (event, request): Promise<ApiResult<PickResult>> => {
    if (deps.isTrustedSender && !deps.isTrustedSender(event)) return refused('Request from an untrusted frame')
    const window = deps.windowOf(event)
    if (!window) return refused('Only a studio window can open a file dialog')
    const parsed = PickRequest.safeParse(request)
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid picker request: ${parsed.error.issues[0].message}` } }
    const { kind, mode, extensions, title } = parsed.data
    const result = await deps.dialog.showOpenDialog(window, {
      title,
      defaultPath: deps.roots.folders(kind)[0],
      properties: mode === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'],
      filters: mode === 'file' && extensions?.length ? [{ name: extensions.map((e) => e.toUpperCase()).join(', '), extensions }] : undefined
    })
    const picked = result.canceled ? undefined : result.filePaths[0]
    if (!picked) return { ok: true, data: { path: null } }
    deps.roots.grant(picked)
    return { ok: true, data: { path: picked } }
  })
  return () => ipcMain.removeHandler(PICK_CHANNEL)
}
