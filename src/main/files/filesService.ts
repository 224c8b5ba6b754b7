import fs from 'node:fs'
import path from 'node:path'
import type { FileEntry, FolderListing, RootKind } from '../../shared/api/files'
import { ApiError } from '../../shared/errors'
import type { Roots } from '../roots/roots'

/** A folder lists at most this many entries (then `truncated`), so a huge folder cannot stall the host or the page. */
export const MAX_ENTRIES = 5000
/** Entries read before giving up, listed or not (hidden, filtered out): bounds the work on a huge folder. */
const MAX_SCANNED = MAX_ENTRIES * 10

const byName = (a: FileEntry, b: FileEntry) => (a.type === b.type ? a.name.localeCompare(b.name, 'en', { numeric: true }) : a.type === 'dir' ? -1 : 1)

/** Lists folders for the browser picker, only inside the roots of the kind asked for. */
export class FilesService {
  constructor(
    private readonly roots: Roots,
    private readonly cap = MAX_ENTRIES
  ) {}

  async list(kind: RootKind, folder?: string, extensions?: string[]): Promise<FolderListing> {
    const roots = this.roots.folders(kind)
    if (folder === undefined) {
      const entries = roots.map((root) => ({ name: root, path: root, type: 'dir' as const, ...times(root) }))
      return { path: null, parent: null, roots, entries, truncated: false }
    }
    const real = this.roots.resolve(kind, folder)
    const { entries, truncated } = await this.read(
      kind,
      real,
      roots.includes(real),
      extensions?.map((e) => e.toLowerCase())
    )
    const up = path.dirname(real)
    const parent = roots.includes(real) || up === real || !this.roots.contains(kind, up) ? null : up
    return { path: real, parent, roots, entries: entries.sort(byName), truncated }
  }

  private async read(kind: RootKind, folder: string, isRoot: boolean, extensions?: string[]) {
    let dir: fs.Dir
    try {
      dir = await fs.promises.opendir(folder)
    } catch (err) {
      // a root that does not exist yet is an empty folder: the studio creates it on first use
      if (isRoot && (err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], truncated: false }
      throw folderProblem(err, folder)
    }
    const entries: FileEntry[] = []
    let scanned = 0
    let truncated = false
    for await (const dirent of dir) {
      if (++scanned > MAX_SCANNED) {
        truncated = true
        break
      }
      // hidden entries (.ssh, .env, .git) are never what a clip, model or export picker is for
      if (dirent.name.startsWith('.')) continue
      const entry = this.entryOf(kind, path.join(folder, dirent.name), dirent, extensions)
      if (!entry) continue
      if (entries.length >= this.cap) {
        truncated = true
        break
      }
      entries.push(entry)
    }
    return { entries, truncated }
  }

  /** One entry, or null for what the picker does not show: links out of the roots, sockets, devices, other extensions. */
  private entryOf(kind: RootKind, full: string, dirent: fs.Dirent, extensions?: string[]): FileEntry | null {
    if (dirent.isSymbolicLink() && !this.roots.contains(kind, full)) return null
    if (!dirent.isSymbolicLink() && !dirent.isDirectory() && !dirent.isFile()) return null
    if (dirent.isFile() && !matches(dirent.name, extensions)) return null
    let info: fs.Stats
    try {
      info = fs.statSync(full)
    } catch {
      return null // a dangling link, or gone since the folder was read
    }
    const type = info.isDirectory() ? 'dir' : info.isFile() ? 'file' : null
    if (!type || (type === 'file' && !matches(dirent.name, extensions))) return null
    return { name: dirent.name, path: full, type, size: type === 'file' ? info.size : 0, mtime: Math.round(info.mtimeMs) }
  }
}

function matches(name: string, extensions?: string[]): boolean {
  return !extensions || extensions.includes(path.extname(name).slice(1).toLowerCase())
}

function times(folder: string): { size: number; mtime: number } {
  try {
    return { size: 0, mtime: Math.round(fs.statSync(folder).mtimeMs) }
  } catch {
    return { size: 0, mtime: 0 } // not created yet
  }
}

/** The kind of problem and the folder's name, nothing read from it. */
function folderProblem(err: unknown, folder: string): ApiError {
  const code = (err as NodeJS.ErrnoException).code
  const name = path.basename(folder) || folder
  if (code === 'ENOENT') return new ApiError('not_found', `Folder ${name} does not exist`)
  if (code === 'ENOTDIR') return new ApiError('invalid_input', `${name} is a file, not a folder`)
  if (code === 'EACCES' || code === 'EPERM') return new ApiError('forbidden', `No permission to read folder ${name}`)
  return new ApiError('io_error', `Cannot read folder ${name} (${code ?? 'unknown error'})`)
}
