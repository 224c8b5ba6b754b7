import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { QueueSettings } from '../../shared/api/queue'
import { ReviewSettings } from '../../shared/api/review'
import type { ClipDetail, Prelabel, ProjectInfo, Revision, SaveCaption } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { FusionCaption, FusionSave } from '../../shared/output'
import { setStatusInBulk, type BulkStatusChange } from './bulkStatus'
import { ClipList } from './clipList'
import { ClipsRepo, type ClipFileInfo } from './clips'
import { openDb, openReadOnly, type Db } from './db'
import { ExportRowsRepo } from './exportRows'
import { flagReasonFor } from './flagReason'
import { FrameTimesRepo } from './frameTimes'
import { FusionCaptionsRepo, type NewFusionCaption } from './fusionCaptions'
import { GroupCommit } from './groupCommit'
import { JobItemsRepo } from './jobItems'
import { JobsRepo } from './jobs'
import { nowIso } from './json'
import { NeighborsRepo } from './neighbors'
import { ReviewModesRepo } from './reviewModes'
import { PeopleRepo } from './people'
import { LeasesRepo } from './leases'
import { MetaEntry } from './metaEntry'
import { OverlapRepo } from './overlap'
import { PrelabelsRepo, type NewPrelabel } from './prelabels'
import { RevisionsRepo } from './revisions'
import { SEARCH_BATCH, SearchIndex } from './searchIndex'
import { ReviewsRepo } from './reviews'
import { SpeedMeasurementsRepo, type SpeedMeasurement } from './speedMeasurements'
import { ProjectSnapshot } from './snapshot'
import { ShootoutRepo } from './shootout'
import { SubjectTypesRepo } from './subjectTypes'
import { WalSync } from './walSync'

export type SaveCaptionInput = z.output<typeof SaveCaption>

/** One clip as an import found it. */
export interface ImportedClip {
  path: string
  /** Null when the stored probe is still current (same size and mtime): nothing to update. */
  info: ClipFileInfo | null
  extra: Record<string, string>
  prelabels: Omit<NewPrelabel, 'clipId'>[]
}

export interface RecordedClip {
  clipId: number
  added: boolean
  prelabelsAdded: number
}

/** How often the search index catches up with the saves (a search never waits for it: it flushes first). */
const SEARCH_INTERVAL_MS = 250

/** A project's id: 16 hex digits of the sha256 of its file's absolute path, the same on every start. */
export function projectIdOf(file: string): string {
  return createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16)
}

/** One open project file: the repositories plus the multi-table writes, each one transaction. */
export class ProjectStore {
  readonly clips: ClipsRepo
  readonly prelabels: PrelabelsRepo
  readonly revisions: RevisionsRepo
  readonly jobs: JobsRepo
  readonly jobItems: JobItemsRepo
  readonly fusion: FusionCaptionsRepo
  readonly library: ClipList
  readonly exportRows: ExportRowsRepo
  readonly frameTimes: FrameTimesRepo
  readonly subjectTypes: SubjectTypesRepo
  readonly neighbors: NeighborsRepo
  readonly speed: SpeedMeasurementsRepo
  readonly shootout: ShootoutRepo
  readonly reviewSettings: MetaEntry<ReviewSettings>
  readonly reviewModes: ReviewModesRepo
  readonly people: PeopleRepo
  readonly leases: LeasesRepo
  readonly queueSettings: MetaEntry<QueueSettings>
  readonly overlap: OverlapRepo
  readonly reviews: ReviewsRepo
  /** What a request that wrote awaits before it is answered: its commits on disk. */
  readonly wal: WalSync
  /** Writes of requests served in one turn of the event loop share a commit (see GroupCommit). */
  readonly group: GroupCommit
  readonly search: SearchIndex
  private readonly searchTimer: NodeJS.Timeout

  /** What requests, events and media URLs name this project by (see projectIdOf). */
  readonly id: string

  private constructor(
    readonly db: Db,
    readonly file: string
  ) {
    this.id = projectIdOf(file)
    this.clips = new ClipsRepo(db)
    this.prelabels = new PrelabelsRepo(db)
    this.revisions = new RevisionsRepo(db)
    this.jobs = new JobsRepo(db)
    this.jobItems = new JobItemsRepo(db)
    this.fusion = new FusionCaptionsRepo(db)
    this.search = new SearchIndex(db)
    this.library = new ClipList(db, this.search)
    this.exportRows = new ExportRowsRepo(db)
    this.frameTimes = new FrameTimesRepo(db)
    this.subjectTypes = new SubjectTypesRepo(db)
    this.neighbors = new NeighborsRepo(db)
    this.speed = new SpeedMeasurementsRepo(db)
    this.shootout = new ShootoutRepo(db)
    this.reviewSettings = new MetaEntry(db, 'review_settings', ReviewSettings, 'review settings', () => ReviewSettings.parse({}))
    this.reviewModes = new ReviewModesRepo(db)
    this.people = new PeopleRepo(db)
    this.leases = new LeasesRepo(db, this.search)
    this.queueSettings = new MetaEntry(db, 'queue_settings', QueueSettings, 'queue settings', () => QueueSettings.parse({}))
    this.overlap = new OverlapRepo(db)
    this.reviews = new ReviewsRepo(db)
    this.wal = new WalSync(db)
    this.group = new GroupCommit(db)
    // what a crash left behind, then the saves of the last moments in batches (a search flushes first anyway)
    this.catchUpSearch()
    this.searchTimer = setInterval(() => this.catchUpSearch(SEARCH_BATCH), SEARCH_INTERVAL_MS).unref()
  }

  private catchUpSearch(limit?: number): void {
    try {
      this.search.flush(limit)
    } catch {
      // kept marked and tried again; a search that needs it flushes itself and reports the error
    }
  }

  static create(file: string, name: string): ProjectStore {
    const abs = path.resolve(file)
    if (fs.existsSync(abs)) throw new ApiError('conflict', `A project already exists at ${abs}`)
    fs.mkdirSync(path.dirname(abs), { recursive: true })
    const store = new ProjectStore(openDb(abs), abs)
    store.db.prepare("INSERT INTO project_meta (key, value) VALUES ('name', ?)").run(name)
    return store
  }

  static open(file: string): ProjectStore {
    const abs = path.resolve(file)
    if (!fs.existsSync(abs)) throw new ApiError('not_found', `No project file at ${abs}`)
    return new ProjectStore(openDb(abs, { mustExist: true }), abs)
  }

  /** Name and clip count of a project file that is not open: read as it is, not migrated or locked. */
  static peek(file: string): ProjectInfo {
    const db = openReadOnly(file)
    try {
      const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clips').get()
      return { id: projectIdOf(file), name: nameIn(db, file), path: file, clipCount: count?.n ?? 0 }
    } finally {
      db.close()
    }
  }

  get name(): string {
    return nameIn(this.db, this.file)
  }

  /** A consistent read-only view of this project on a connection of its own; close it when done. */
  snapshot(): ProjectSnapshot {
    return new ProjectSnapshot(this.file)
  }

  info(): ProjectInfo {
    return { id: this.id, name: this.name, path: this.file, clipCount: this.clips.count() }
  }

  /** Records clips in one transaction (an import commits in batches, not one fsync per file). */
  recordClips(clips: ImportedClip[]): RecordedClip[] {
    return this.group.write(() => {
      const now = nowIso()
      return clips.map((clip) => this.recordOne(clip, now))
    })
  }

  /** Adds or refreshes a clip and adds its not-yet-seen imported pre-labels. */
  private recordOne(clip: ImportedClip, now: string): RecordedClip {
    const existing = this.clips.byPath(clip.path)
    let clipId: number
    if (existing) {
      clipId = existing.id
      if (clip.info) this.clips.updateFile(clipId, clip.info)
      this.clips.mergeExtra(clipId, existing.extra, clip.extra)
    } else {
      if (!clip.info) throw new ApiError('internal', `No file information for new clip ${clip.path}`)
      clipId = this.clips.insert(clip.path, clip.info, clip.extra, now)
    }
    let prelabelsAdded = 0
    for (const p of clip.prelabels) {
      if (p.source.kind === 'imported' && this.prelabels.hasImported(clipId, p.rawText)) continue
      this.insertPrelabel({ ...p, clipId }, now)
      prelabelsAdded++
    }
    return { clipId, added: !existing, prelabelsAdded }
  }

  addPrelabel(p: NewPrelabel): Prelabel {
    return this.group.write(() => this.insertPrelabel(p, nowIso()))
  }

  /** Stores a job's pre-label and marks its item done together; null if the item was already finished. */
  addJobPrelabel(jobId: number, p: NewPrelabel): Prelabel | null {
    return this.group.write((): Prelabel | null => {
      if (!this.jobItems.isPending(jobId, p.clipId)) return null
      const now = nowIso()
      const prelabel = this.insertPrelabel(p, now)
      this.jobItems.markDone(jobId, p.clipId, prelabel.id, now)
      return prelabel
    })
  }

  /** Stores one clip's speed measurement and marks its job item done, in one transaction. */
  addSpeedMeasurement(m: SpeedMeasurement): boolean {
    return this.group.write((): boolean => {
      if (!this.jobItems.isPending(m.jobId, m.clipId)) return false
      this.speed.insert(m)
      return this.jobItems.markDone(m.jobId, m.clipId, null, m.createdAt)
    })
  }

  /** Stores a clip's new pre-labels of several models and marks its item done, together; false if it was done already. */
  addJobPrelabels(jobId: number, clipId: number, prelabels: NewPrelabel[], reusedId: number | null): boolean {
    return this.group.write((): boolean => {
      if (!this.jobItems.isPending(jobId, clipId)) return false
      const now = nowIso()
      const ids = prelabels.map((p) => this.insertPrelabel(p, now).id)
      return this.jobItems.markDone(jobId, clipId, reusedId ?? ids[0] ?? null, now)
    })
  }

  /** Stores the pre-labels a clip did get and marks its item failed with `error` (the ones it did not), together. */
  addJobPrelabelsFailed(jobId: number, clipId: number, prelabels: NewPrelabel[], error: string): boolean {
    return this.group.write((): boolean => {
      if (!this.jobItems.isPending(jobId, clipId)) return false
      const now = nowIso()
      for (const p of prelabels) this.insertPrelabel(p, now)
      return this.jobItems.markFailed(jobId, clipId, error, now)
    })
  }

  /** Appends revision baseNumber+1; a stale baseNumber means someone saved in between. */
  saveRevision(input: SaveCaptionInput): Revision {
    const flagReason = flagReasonFor(input.status, input.flagReason, 'clip is')
    return this.group.write((): Revision => {
      const clip = this.clips.require(input.clipId)
      const latest = this.revisions.latest(input.clipId)
      const current = latest?.number ?? 0
      if (input.baseNumber !== current) {
        const who = latest ? `revision ${current} was saved by ${latest.annotator} at ${latest.createdAt}` : 'it has no revision yet'
        throw new ApiError(
          'conflict',
          `${path.basename(clip.path)} changed since you opened it: ${who}, but your edit started from revision ${input.baseNumber}. Reload the clip to see the newer revision, then save again.`,
          { latestNumber: current, annotator: latest?.annotator ?? null, createdAt: latest?.createdAt ?? null }
        )
      }
      const revision = this.revisions.insert(
        {
          clipId: input.clipId,
          number: current + 1,
          caption: input.caption,
          status: input.status,
          annotator: input.annotator,
          prelabelId: this.shootout.isGold(input.clipId) ? null : this.prelabels.latestId(input.clipId),
          flagReason
        },
        nowIso()
      )
      this.clips.setRevisionSummary(input.clipId, revision.number, revision.status, revision.caption.shot_type)
      if (input.review) this.reviewModes.insert(revision.id, input.review)
      return revision
    })
  }

  /** Stores a job's fusion captions for one clip and marks its item done together; false if it was already finished. */
  addJobFusion(jobId: number, clipId: number, captions: NewFusionCaption[]): boolean {
    return this.group.write((): boolean => {
      if (!this.jobItems.isPending(jobId, clipId)) return false
      const now = nowIso()
      for (const caption of captions) this.fusion.insert(caption, now)
      this.jobItems.markDone(jobId, clipId, null, now)
      return true
    })
  }

  /** A human edit: the next number of the clip's caption for the task; a stale base number is a conflict. */
  saveFusionEdit(input: FusionSave): FusionCaption {
    return this.group.write((): FusionCaption => {
      const clip = this.clips.require(input.clipId)
      const latest = this.fusion.latest(input.clipId, input.task)
      const current = latest?.number ?? 0
      if (input.baseNumber !== current) {
        throw new ApiError(
          'conflict',
          `The ${input.task.toUpperCase()} caption of ${path.basename(clip.path)} changed since you opened it (now #${current}${latest?.annotator ? ` by ${latest.annotator}` : ''}); reload it, then save again.`,
          { latestNumber: current }
        )
      }
      const revision = this.revisions.latest(input.clipId)
      return this.fusion.insert(
        {
          clipId: input.clipId,
          task: input.task,
          text: input.text,
          origin: 'human',
          annotator: input.annotator,
          revisionNumber: revision?.number ?? 0,
          prelabelId: revision?.prelabelId ?? latest?.prelabelId ?? null,
          jobId: null,
          source: latest ? { editedFrom: latest.number } : {}
        },
        nowIso()
      )
    })
  }

  /** Runs several of the repos' reads and writes as one write transaction (a service's multi-step change, e.g. a review decision). */
  inWriteTransaction<T>(run: () => T): T {
    return this.group.write(run)
  }

  /** Sets the status of many clips in one transaction; the ids that changed. */
  setStatusInBulk(change: BulkStatusChange): number[] {
    return setStatusInBulk(this.db, change)
  }

  detail(clipId: number): ClipDetail {
    // One read transaction so the three reads see the same snapshot.
    return this.db
      .transaction((): ClipDetail => {
        const clip = this.clips.require(clipId)
        const gold = this.shootout.isGold(clipId) // annotated blind: Review gets no pre-label, starts from an empty caption
        return {
          clip,
          prelabel: gold ? null : this.prelabels.latest(clipId),
          revision: this.revisions.latest(clipId),
          gold,
          review: this.reviews.latest(clipId)
        }
      })
      .deferred()
  }

  /** False once closed: work that outlived its request must not write any more. */
  get isOpen(): boolean {
    return this.db.open
  }

  close(): void {
    clearInterval(this.searchTimer)
    if (!this.db.open) return
    this.group.commitNow()
    this.catchUpSearch()
    this.db.close()
  }

  private insertPrelabel(p: NewPrelabel, now: string): Prelabel {
    const prelabel = this.prelabels.insert(p, now)
    this.clips.setPrelabelSummary(p.clipId, p.source.label, p.caption.shot_type)
    return prelabel
  }
}

function nameIn(db: Db, file: string): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM project_meta WHERE key = 'name'").get()
  return row?.value ?? path.basename(file, '.sqlite')
}
