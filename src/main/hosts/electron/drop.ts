import fs from 'node:fs/promises'
import path from 'node:path'
import { DroppedPaths, type DropResult } from '../../../shared/api/files'
import type { ApiResult } from '../../../shared/errors'
import { isVideoFile } from '../../clips/folderSource'
import type { Roots } from '../../roots/roots'
import type { IpcMainLike } from './ipc'

export const DROP_CHANNEL = 'studio:drop'

export interface DropDeps {
  roots: Pick<Roots, 'grant'>
  /** Only the studio's own page may hand in dropped paths. */
  isTrustedSender?: (event: unknown) => boolean
}

type Item = DropResult['granted'][number]

/** How a dropped path imports, or why it cannot be. Only the name is ever shown back. */
export async function classifyDropped(p: string): Promise<Item | { name: string; problem: string }> {
  const name = path.basename(p) || p
  if (!path.isAbsolute(p)) return { name, problem: 'not an absolute path' }
  // a whole disk is never a sensible import, and would open every file on it to the studio
  if (path.parse(p).root === path.resolve(p)) return { name, problem: 'a whole disk cannot be imported: drop a folder on it' }
  const stat = await fs.stat(p).catch(() => null)
  if (!stat) return { name, problem: 'not found' }
  if (stat.isDirectory()) return { path: p, kind: 'folder' }
  if (stat.isFile() && path.extname(p).toLowerCase() === '.csv') return { path: p, kind: 'csv' }
  if (stat.isFile() && isVideoFile(p)) return { path: p, kind: 'file' }
  return { name, problem: 'not a folder, a CSV or a video file' }
}

/**
 * Paths of files and folders dropped on the Library. The page never names them: the preload
 * reads them off the dropped File objects, which only a real drop (or a file input) gives a path.
 * They are granted as media only, so the studio may read and import them, never write there.
 */
export function registerDrop(ipcMain: IpcMainLike, deps: DropDeps): () => void {
  ipcMain.handle(DROP_CHANNEL, async (event, paths): Promise<ApiResult<DropResult>> => {
    if (deps.isTrustedSender && !deps.isTrustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame' } }
    const parsed = DroppedPaths.safeParse(paths)
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid drop: ${parsed.error.issues[0].message}` } }
    const result: DropResult = { granted: [], refused: [] }
    for (const item of await Promise.all(parsed.data.map(classifyDropped))) {
      if ('problem' in item) result.refused.push(item)
      else {
        deps.roots.grant(item.path, ['media'])
        result.granted.push(item)
      }
    }
    return { ok: true, data: result }
  })
  return () => ipcMain.removeHandler(DROP_CHANNEL)
}
