import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../shared/errors'
import type { ClipAllowed, CollectedSource } from './importSource'

export const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.mkv', '.webm', '.avi', '.m4v', '.mpg', '.mpeg', '.ts', '.mts', '.wmv', '.flv'])

export function isVideoFile(name: string): boolean {
  return VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase())
}

/**
 * Every video file under `root`, sorted. Hidden entries (".git", macOS "._x.mp4") are skipped;
 * symlinked folders are not followed, so a link loop cannot hang the import. A file that links
 * outside the media roots is skipped.
 */
export async function collectFolder(root: string, allowed: ClipAllowed): Promise<CollectedSource> {
  const dir = path.resolve(root)
  const stat = await fs.stat(dir).catch(() => null)
  if (!stat) throw new ApiError('not_found', `Folder not found: ${dir}`)
  if (!stat.isDirectory()) throw new ApiError('invalid_input', `Not a folder: ${dir}`)

  const files: string[] = []
  const warnings: string[] = []
  const pending = [dir]
  while (pending.length) {
    const current = pending.pop() as string
    let entries
    try {
      entries = await fs.readdir(current, { withFileTypes: true })
    } catch (err) {
      warnings.push(`Could not read folder ${current}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
      continue
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) pending.push(full)
      else if ((entry.isFile() || entry.isSymbolicLink()) && isVideoFile(entry.name)) files.push(full)
    }
  }
  const inside = files.filter(allowed).sort()
  if (inside.length < files.length) warnings.push(`${files.length - inside.length} file(s) link outside the media roots and were skipped`)
  return {
    entries: inside.map((file) => ({ path: file, sources: [file], extra: {}, captions: [], missing: null })),
    warnings,
    prelabelSource: null
  }
}

/** One video file, as a file dropped on the Library is imported (the importer has checked it is inside a media root). */
export async function collectFile(file: string): Promise<CollectedSource> {
  const full = path.resolve(file)
  const stat = await fs.stat(full).catch(() => null)
  if (!stat) throw new ApiError('not_found', `File not found: ${full}`)
  if (!stat.isFile() || !isVideoFile(full)) throw new ApiError('invalid_input', `Not a video file: ${path.basename(full)}`)
  return { entries: [{ path: full, sources: [full], extra: {}, captions: [], missing: null }], warnings: [], prelabelSource: null }
}
