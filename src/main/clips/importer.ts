import fs from 'node:fs/promises'
import type { ImportReport, ImportSource } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { parseCaption } from '../../shared/parseCaption'
import type { EventBus } from '../events'
import { limiter } from '../limiter'
import { failedInfo, inspectClip } from '../media/inspect'
import type { ProcessManager } from '../processes'
import type { Roots } from '../roots/roots'
import type { ClipFileInfo } from '../store/clips'
import type { ProjectStore } from '../store/project'
import { collectSource, type CollectedSource, type ImportEntry } from './importSource'

const MAX_BATCH = 500

export interface ImportDeps {
  store: ProjectStore
  processes: ProcessManager
  bus: EventBus
  /** The source and every clip it names must be inside a media root. */
  roots: Roots
  /** Resolved ffprobe binary, or null with the message saying how to get one. */
  ffprobe: string | null
  ffprobeProblem?: string | null
  /** ffprobe runs at once; each is mostly waiting on disk, so a few beat one. */
  concurrency?: number
}

/**
 * Fresh file info, or null when the stored probe still holds: same size and mtime and no
 * earlier error (an earlier error is always retried: the file may have been fixed).
 */
async function currentInfo(deps: ImportDeps, entry: ImportEntry, ffprobe: string): Promise<ClipFileInfo | null> {
  if (entry.missing) return failedInfo(entry.missing)
  const known = deps.store.clips.byPath(entry.path)
  if (known && !known.importError) {
    const stat = await fs.stat(entry.path).catch(() => null)
    if (stat && stat.size === known.size && stat.mtimeMs === known.mtimeMs) return null
  }
  return inspectClip(deps.processes, ffprobe, entry.path)
}

function prelabelsOf(entry: ImportEntry, collected: CollectedSource) {
  const source = collected.prelabelSource
  if (!source) return []
  return entry.captions.map((rawText) => {
    const { caption, problems } = parseCaption(rawText)
    return { rawText, caption, problems, source, timings: {} }
  })
}

/** Imports a folder or CSV into the open project. Bad files are recorded with their error, never fatal. */
export async function importClips(source: ImportSource, deps: ImportDeps): Promise<ImportReport> {
  deps.roots.resolve('media', source.path) // before anything is read
  const ffprobe = deps.ffprobe
  if (!ffprobe) throw new ApiError('ffmpeg_missing', deps.ffprobeProblem ?? 'ffprobe was not found: install ffmpeg or set FFPROBE_PATH')
  const collected = await collectSource(source, (file) => deps.roots.contains('media', file))
  const report: ImportReport = {
    found: collected.entries.length,
    added: 0,
    alreadyPresent: 0,
    prelabelsAdded: 0,
    failed: [],
    warnings: collected.warnings
  }

  // Probe concurrently, commit in source order (ids follow the folder/CSV order), batching
  // whatever is already probed into one transaction.
  const { entries } = collected
  const limit = limiter(deps.concurrency ?? 4)
  const infos = entries.map((entry) => limit(() => currentInfo(deps, entry, ffprobe)))
  const settled = entries.map(() => false)
  infos.forEach((p, i) =>
    p.then(
      () => (settled[i] = true),
      () => (settled[i] = true)
    )
  )

  try {
    for (let i = 0; i < entries.length;) {
      await infos[i]
      let end = i + 1
      while (end < entries.length && settled[end] && end - i < MAX_BATCH) end++
      const batch = await Promise.all(infos.slice(i, end))
      const recorded = deps.store.recordClips(
        batch.map((info, k) => {
          const entry = entries[i + k]
          return { path: entry.path, info, extra: entry.extra, prelabels: prelabelsOf(entry, collected) }
        })
      )
      recorded.forEach((r, k) => {
        const entry = entries[i + k]
        const error = batch[k]?.importError
        if (r.added) report.added++
        else report.alreadyPresent++
        report.prelabelsAdded += r.prelabelsAdded
        if (error) report.failed.push({ path: entry.path, error })
        deps.bus.emit('import.progress', { project: deps.store.id, done: i + k + 1, total: entries.length, path: entry.path })
      })
      i = end
    }
  } finally {
    // Even a partial import changed the list.
    deps.bus.emit('clips.changed', { project: deps.store.id, ids: 'all' })
  }
  return report
}
