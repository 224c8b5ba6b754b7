import type { ImportSource, PrelabelSource } from '../../shared/contract'
import { collectCsv } from './csvSource'
import { collectFile, collectFolder } from './folderSource'

/** One file an import will record. */
export interface ImportEntry {
  /** Absolute path, as stored (clips.path is UNIQUE on it). */
  path: string
  /** The path text(s) as the source wrote them (a CSV may list a file twice). */
  sources: string[]
  /** CSV columns other than path and structural_caption. */
  extra: Record<string, string>
  /** Raw structural_caption texts for this file (a CSV may list a file twice). */
  captions: string[]
  /** Set when the file is known not to exist: the message to record, with where we looked. */
  missing: string | null
}

export interface CollectedSource {
  entries: ImportEntry[]
  warnings: string[]
  /** Source of the imported pre-labels; null for sources without captions. */
  prelabelSource: PrelabelSource | null
}

/** Whether a clip path may be imported: inside a media root, symlinks resolved. */
export type ClipAllowed = (file: string) => boolean

export function collectSource(source: ImportSource, allowed: ClipAllowed): Promise<CollectedSource> {
  if (source.kind === 'file') return collectFile(source.path)
  return source.kind === 'folder' ? collectFolder(source.path, allowed) : collectCsv(source.path, allowed)
}
