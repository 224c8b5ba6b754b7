import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../shared/errors'

/** The folders the host may read and write; every server path a request names must fall inside one. */
export type RootKind = 'media' | 'projects' | 'models' | 'exports'

export interface RootsConfig {
  /** Clips may be imported (and /media served) from these folders. */
  media: string[]
  projects: string
  models: string
  exports: string
}

const LABEL: Record<RootKind, string> = { media: 'media root', projects: 'projects folder', models: 'models folder', exports: 'exports folder' }

/** The documented defaults: under the data folder, models in the folder policy's models folder (docs/security.md). */
export function defaultRoots(dataDir: string, modelsDir = path.join(dataDir, 'models')): RootsConfig {
  return {
    media: [path.join(dataDir, 'media')],
    projects: path.join(dataDir, 'projects'),
    models: modelsDir,
    exports: path.join(dataDir, 'exports')
  }
}

/**
 * The real path of `p`, symlinks included, also when its last parts do not exist yet: the
 * deepest existing ancestor is resolved and the rest appended.
 */
export function realPathOf(p: string): string {
  const abs = path.resolve(p)
  const rest: string[] = []
  let at = abs
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(at), ...rest.reverse())
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err
      const parent = path.dirname(at)
      if (parent === at) return abs
      rest.push(path.basename(at))
      at = parent
    }
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

export class Roots {
  private readonly granted = new Map<RootKind, Set<string>>()
  /** Real paths of the roots that exist: every media request checks its clip against them. */
  private readonly resolved = new Map<string, string>()

  constructor(readonly config: RootsConfig) {}

  /** The folders of one kind, resolved (a root that does not exist yet resolves to its own path). */
  folders(kind: RootKind): string[] {
    const list = kind === 'media' ? this.config.media : [this.config[kind]]
    return list.map((root) => this.realRoot(root))
  }

  private realRoot(root: string): string {
    const known = this.resolved.get(root)
    if (known) return known
    const real = realPathOf(root)
    // a root made later (or made a symlink) is resolved again until it exists
    if (fs.existsSync(root)) this.resolved.set(root, real)
    return real
  }

  /**
   * A path the user picked in a native dialog of the desktop app: inside the roots by definition,
   * for this session. Granting a folder grants what is under it. A path dropped on the Library is
   * granted as a media root only: read, never written.
   */
  grant(p: string, kinds: readonly RootKind[] = ['media', 'projects', 'models', 'exports']): void {
    const real = realPathOf(p)
    for (const kind of kinds) this.granted.set(kind, (this.granted.get(kind) ?? new Set()).add(real))
  }

  contains(kind: RootKind, p: string): boolean {
    return this.inside(kind, p) !== null
  }

  /** The real path of `p` if it is inside a root of `kind`, else null. */
  inside(kind: RootKind, p: string): string | null {
    let real: string
    try {
      real = realPathOf(p)
    } catch {
      return null // a link loop or an unreadable folder on the way: not provably inside
    }
    return [...this.folders(kind), ...(this.granted.get(kind) ?? [])].some((root) => isInside(root, real)) ? real : null
  }

  /** The real path of `p` if it is inside a root of `kind`; otherwise a 'forbidden' error naming the roots. */
  resolve(kind: RootKind, p: string): string {
    const real = this.inside(kind, p)
    if (real !== null) return real
    throw new ApiError('forbidden', `${path.basename(p) || p} is outside the ${this.describe(kind)}`, { roots: this.folders(kind) })
  }

  /** "media roots /a, /b" — for messages. */
  describe(kind: RootKind): string {
    const folders = this.folders(kind)
    return `${LABEL[kind]}${folders.length > 1 ? 's' : ''} (${folders.join(', ')})`
  }
}
