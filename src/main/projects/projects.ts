import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import path from 'node:path'
import type { ProjectInfo } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { EventBus } from '../events'
import type { Roots } from '../roots/roots'
import { ProjectStore } from '../store/project'
import { readSettings, writeSettings } from './settings'

/** File name for a project name: letters and digits of any script, dashes between. */
export function projectSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return slug || 'project'
}

/** Summary of a project that is not open, read without migrating or locking it. */
function peekProject(file: string): ProjectInfo | null {
  try {
    return ProjectStore.peek(file)
  } catch (err) {
    console.warn(`[projects] skipping ${file}: ${(err as Error).message}`)
    return null
  }
}

/**
 * The projects the host has open (any number at once), creating, opening and listing project
 * files. A project-scoped request runs `within` its project: `require()` then gives that one, so
 * a request can never reach another project's file, whatever other pages opened meanwhile.
 */
export class ProjectsService {
  private stores = new Map<string, ProjectStore>()
  private latest: ProjectStore | null = null
  private request = new AsyncLocalStorage<ProjectStore>()

  constructor(
    readonly dataDir: string,
    private bus: EventBus,
    /** project.open takes only .sqlite files inside the projects folder; project.create writes there. */
    private roots: Roots
  ) {}

  /** The project opened last on this host: what a new page shows first, and what resumes at start. */
  get lastOpened(): ProjectStore | null {
    return this.latest
  }

  /** The open project with this id. */
  get(id: string): ProjectStore {
    const store = this.find(id)
    if (!store) throw new ApiError('no_project', `The project this page shows (${id}) is not open on this host; open it again from Projects`)
    return store
  }

  /** The open project with this id, or null. */
  find(id: string): ProjectStore | null {
    return this.stores.get(id) ?? null
  }

  /**
   * Runs a request's work with `id` as its project; if it wrote, its answer waits until that is committed
   * (its writes share a commit with the other requests of the same turn: GroupCommit) and on disk.
   */
  async within<T>(id: string, run: () => Promise<T>): Promise<T> {
    const store = this.get(id)
    const before = store.wal.changes()
    try {
      return await store.group.track(
        () => this.request.run(store, run),
        () => store.wal.changes() !== before
      )
    } finally {
      if (store.isOpen && store.wal.changes() !== before) await store.wal.synced()
    }
  }

  /** The project of the request being served. */
  require(): ProjectStore {
    const store = this.request.getStore()
    if (!store) throw new ApiError('no_project', 'Create or open a project first')
    return store
  }

  /** Every open project. */
  all(): ProjectStore[] {
    return [...this.stores.values()]
  }

  create(name: string): ProjectInfo {
    const file = path.join(this.roots.config.projects, `${projectSlug(name)}.sqlite`)
    if (fs.existsSync(file)) {
      throw new ApiError('conflict', `A project file for "${name}" already exists (${file}); open it instead or pick another name`)
    }
    return this.use(ProjectStore.create(file, name.trim()))
  }

  /** A path a request names: an open project, or a .sqlite file inside the projects folder. */
  open(file: string): ProjectInfo {
    const abs = path.resolve(file)
    const already = this.all().find((s) => s.file === abs)
    if (already) return this.use(already)
    this.roots.resolve('projects', abs)
    return this.openFile(abs)
  }

  /** Opens a file the operator chose (a start-up flag, the host's own last-opened record). */
  private openFile(abs: string): ProjectInfo {
    const already = this.all().find((s) => s.file === abs)
    if (already) return this.use(already)
    if (!abs.endsWith('.sqlite') || !fs.existsSync(abs)) {
      throw new ApiError('not_found', `No project file at ${abs} (expected an existing .sqlite file)`)
    }
    return this.use(ProjectStore.open(abs))
  }

  list(): ProjectInfo[] {
    const dir = this.roots.config.projects
    const files = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.sqlite'))
          .map((f) => path.join(dir, f))
          // a .sqlite symlink out of the folder is not peeked
          .filter((f) => this.roots.contains('projects', f))
      : []
    for (const store of this.stores.values()) if (!files.includes(store.file)) files.push(store.file)
    const byFile = new Map(this.all().map((s) => [s.file, s]))
    return files
      .map((file) => byFile.get(file)?.info() ?? peekProject(file))
      .filter((p): p is ProjectInfo => p !== null)
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** At start-up: the given project, else the last one opened. A failure leaves none open. */
  openAtStart(explicit?: string): ProjectInfo | null {
    const file = explicit ?? readSettings(this.dataDir).lastProject
    if (!file) return null
    try {
      return this.openFile(path.resolve(file))
    } catch (err) {
      if (explicit) throw err
      console.warn(`[projects] could not reopen the last project ${file}: ${(err as Error).message}`)
      return null
    }
  }

  close(): void {
    for (const store of this.stores.values()) store.close()
    this.stores.clear()
    this.latest = null
  }

  private use(store: ProjectStore): ProjectInfo {
    this.stores.set(store.id, store)
    this.latest = store
    writeSettings(this.dataDir, { lastProject: store.file })
    const info = store.info()
    this.bus.emit('project.opened', info)
    return info
  }
}
