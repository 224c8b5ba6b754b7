import type { RouteOutput } from '../../shared/contract'
import { exportFolder } from '../export/folder'
import type { Roots } from '../roots/roots'
import { backupFile, backupName } from '../store/backup'
import type { ProjectStore } from '../store/project'
import { projectSlug } from './projects'

/**
 * project.backup: a verified copy of the request's project, named by project and time, in `folder`
 * (relative to the exports folder, or inside it), never in a folder a host serves.
 */
export async function backupProject(store: ProjectStore, roots: Roots, served: Iterable<string>, folder?: string): Promise<RouteOutput<'project.backup'>> {
  const dir = exportFolder(folder, roots, served)
  const now = new Date()
  const result = await backupFile(store.file, dir, backupName(projectSlug(store.name), now))
  return { path: result.file, bytes: result.bytes, rows: result.rows, takenAt: now.toISOString() }
}
