import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { z } from 'zod'
import { ApiError } from '../../shared/errors'
import type { ExportFilters, ExportFormat, ExportManifest, ExportRun } from '../../shared/output'
import type { EventBus } from '../events'
import { structPrompt } from '../inference/captionRequest'
import type { ProjectsService } from '../projects/projects'
import type { Roots } from '../roots/roots'
import { checkOverwrite, exportFolder } from './folder'
import { ProvenanceTally } from './provenance'
import { CSV_COLUMNS, PROVENANCE_COLUMNS, csvCells, jsonlLine, toRecord, userTurnJson } from './records'
import { csvSink, jsonlSink, type Sink } from './sinks'
import { splitOf, type Split } from './split'

type ExportInput = z.output<typeof ExportRun>

const PROGRESS_EVERY_MS = 200
const YIELD_EVERY_ROWS = 2000

/** Output files of one export in `outDir`: one per format, or two (train, validation) when splitting. */
export function exportFiles(input: ExportInput, outDir: string): { format: ExportFormat; split: Split | 'all'; file: string }[] {
  const splits: (Split | 'all')[] = input.validationFraction > 0 ? ['train', 'validation'] : ['all']
  return input.formats.flatMap((format) =>
    splits.map((split) => {
      const kind = format === 'csv' ? '' : `-${format}`
      const suffix = split === 'all' ? '' : `-${split}`
      return { format, split, file: path.join(outDir, `${input.name}${kind}${suffix}.${format === 'csv' ? 'csv' : 'jsonl'}`) }
    })
  )
}

export function manifestName(input: ExportInput): string {
  return `${input.name}-manifest.json`
}

/**
 * Streams the project's captions into CSV / JSONL files in constant memory: rows come one at a
 * time from a read-only connection of their own (a consistent snapshot; the app's connection
 * stays free for saves meanwhile) and go out through streams that wait when the disk is behind.
 */
export class ExportService {
  private running = new Map<string, AbortController>()

  constructor(
    private readonly deps: {
      projects: ProjectsService
      bus: EventBus
      version: string
      roots: Roots
      /** Folders a host serves to anyone (the built renderer): never exported into. */
      served: Iterable<string>
    }
  ) {}

  count(filters: ExportFilters): { clips: number } {
    return { clips: this.deps.projects.require().exportRows.count(filters) }
  }

  cancel(id: string): { cancelled: boolean } {
    const run = this.running.get(id)
    run?.abort()
    return { cancelled: run !== undefined }
  }

  /** Input as the router parsed it (defaults filled in). */
  async run(input: ExportInput): Promise<ExportManifest> {
    const store = this.deps.projects.require()
    const id = input.id ?? randomUUID()
    if (this.running.has(id)) throw new ApiError('conflict', `Export ${id} is already running`)
    const outDir = exportFolder(input.outDir, this.deps.roots, this.deps.served)
    const targets = exportFiles(input, outDir)
    const manifestPath = path.join(outDir, manifestName(input))
    checkOverwrite(
      outDir,
      targets.map((t) => path.basename(t.file)),
      manifestName(input),
      input.overwrite
    )
    fs.mkdirSync(outDir, { recursive: true })

    const abort = new AbortController()
    this.running.set(id, abort)
    const started = performance.now()
    const snapshot = store.snapshot() // count and rows from one state of the file
    const sinks = new Map<string, Sink>()
    let done = 0
    let total = 0
    const emit = (state: 'running' | 'done' | 'failed' | 'cancelled', error: string | null = null) =>
      this.deps.bus.emit('export.progress', { project: store.id, id, state, done, total, error })
    try {
      total = snapshot.exportRows.count(input.filters)
      emit('running')
      for (const t of targets) {
        const header = input.provenance ? [...CSV_COLUMNS, ...PROVENANCE_COLUMNS] : CSV_COLUMNS
        sinks.set(`${t.format}:${t.split}`, t.format === 'csv' ? csvSink(t.file, header) : jsonlSink(t.file))
      }
      const root = input.pathRoot ? path.resolve(input.pathRoot) : null
      const userTurn = userTurnJson(structPrompt())
      const tally = new ProvenanceTally()
      const neutralized = { cells: 0 }
      let lastEmit = performance.now()
      for (const row of snapshot.exportRows.iterate(input.filters)) {
        if (abort.signal.aborted) throw new ApiError('conflict', 'Export cancelled')
        const record = toRecord(row, root)
        const split = input.validationFraction > 0 ? splitOf(row.fingerprint ?? row.path, input.validationFraction) : 'all'
        for (const format of input.formats) {
          const sink = sinks.get(`${format}:${split}`)!
          const item = format === 'csv' ? csvCells(record, input.provenance, input.spreadsheetSafe, neutralized) : jsonlLine(format, record, userTurn)
          const wait = sink.write(item)
          if (wait) await wait
        }
        tally.add(record, split)
        done++
        if (done % YIELD_EVERY_ROWS === 0) {
          await yieldToLoop() // let saves and progress events through during a long export
          if (performance.now() - lastEmit > PROGRESS_EVERY_MS) {
            lastEmit = performance.now()
            emit('running')
          }
        }
      }
      const files = []
      for (const t of targets) {
        const sink = sinks.get(`${t.format}:${t.split}`)!
        files.push({ format: t.format, split: t.split, file: path.basename(t.file), rows: sink.rows, bytes: await sink.finish() })
      }
      const manifest: ExportManifest = {
        id,
        project: { name: store.name, path: store.file },
        studioVersion: this.deps.version,
        exportedAt: new Date().toISOString(),
        durationMs: Math.round(performance.now() - started),
        folder: outDir,
        filters: input.filters,
        formats: input.formats,
        paths: { mode: root ? 'relative' : 'absolute', root },
        split: {
          method: 'sha256(content fingerprint, else path) as a number in [0, 1) < validationFraction → validation',
          validationFraction: input.validationFraction
        },
        spreadsheetSafe: input.spreadsheetSafe,
        instruction: 'resources/struct_prompt.txt, after <video>',
        files,
        counts: { ...tally.counts(), neutralizedCells: neutralized.cells },
        provenance: tally.provenance()
      }
      await writeAtomically(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
      emit('done')
      return manifest
    } catch (err) {
      await Promise.all([...sinks.values()].map((s) => s.abort()))
      const cancelled = abort.signal.aborted
      emit(cancelled ? 'cancelled' : 'failed', (err as Error).message)
      if (err instanceof ApiError) throw err
      throw new ApiError('io_error', `Export failed: ${(err as Error).message}`)
    } finally {
      snapshot.close()
      this.running.delete(id)
    }
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  // a fresh file: a link left at NAME.partial is removed, never written through
  await fs.promises.rm(`${file}.partial`, { force: true })
  await fs.promises.writeFile(`${file}.partial`, text, { flag: 'wx' })
  await fs.promises.rename(`${file}.partial`, file)
}
