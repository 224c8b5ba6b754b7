import fs from 'node:fs'
import path from 'node:path'
import type { ProjectInfo } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { EventBus } from '../events'
import { projectsDir } from '../paths'
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

/** Which project is open; creating, opening and listing project files in the data dir. */
export class ProjectsService {
  private store: ProjectStore | null = null

  constructor(
    readonly dataDir: string,
    private bus: EventBus
  ) {}

  get current(): ProjectStore | null {
    return this.store
  }

  /** The open project, for routes that need one. */
  require(): ProjectStore {
    if (!this.store) throw new ApiError('no_project', 'Create or open a project first')
    return this.store
  }

  create(name: string): ProjectInfo {
    const file = path.join(projectsDir(this.dataDir), `${projectSlug(name)}.sqlite`)
    if (fs.existsSync(file)) {
      throw new ApiError('conflict', `A project file for "${name}" already exists (${file}); open it instead or pick another name`)
    }
    return this.use(ProjectStore.create(file, name.trim()))
  }

  open(file: string): ProjectInfo {
    const abs = path.resolve(file)
    if (this.store?.file === abs) return this.store.info()
    if (!abs.endsWith('.sqlite') || !fs.existsSync(abs)) {
      throw new ApiError('not_found', `No project file at ${abs} (expected an existing .sqlite file)`)
    }
    return this.use(ProjectStore.open(abs))
  }

  list(): ProjectInfo[] {
    const dir = projectsDir(this.dataDir)
    const files = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite')).map((f) => path.join(dir, f))
      : []
    const open = this.store
    if (open && !files.includes(open.file)) files.push(open.file)
    return files
      .map((file) => (file === open?.file ? open.info() : peekProject(file)))
      .filter((p): p is ProjectInfo => p !== null)
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** At start-up: the given project, else the last one opened. A failure leaves none open. */
  openAtStart(explicit?: string): ProjectInfo | null {
    const file = explicit ?? readSettings(this.dataDir).lastProject
    if (!file) return null
    try {
      return this.open(file)
    } catch (err) {
      if (explicit) throw err
      console.warn(`[projects] could not reopen the last project ${file}: ${(err as Error).message}`)
      return null
    }
  }

  close(): void {
    this.store?.close()
    this.store = null
  }

  private use(store: ProjectStore): ProjectInfo {
    this.store?.close()
    this.store = store
    writeSettings(this.dataDir, { lastProject: store.file })
    const info = store.info()
    this.bus.emit('project.opened', info)
    return info
  }
}
