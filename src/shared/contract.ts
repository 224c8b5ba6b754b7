import { z } from 'zod'
import { ProjectId, type ProjectRef } from './project'
import { CaptionProblem, StructuralCaption, SHOT_ANGLES, SHOT_POSITIONS, SHOT_TYPES } from './caption'
import { JobInfo, PrelabelStart } from './jobs'
import { reviewRoutes } from './reviewRoutes'
import { modelRoutes, type ModelEvents } from './models'
import { outputRoutes, type OutputEvents } from './output'

export const CLIP_STATUSES = ['unreviewed', 'in_progress', 'approved', 'rejected', 'flagged'] as const
export const ClipStatus = z.enum(CLIP_STATUSES)
export type ClipStatus = z.infer<typeof ClipStatus>

export const ProjectInfo = z.object({
  /** What requests, events and media URLs name the project by. */
  id: ProjectId,
  name: z.string(),
  path: z.string(),
  clipCount: z.number().int()
})
export type ProjectInfo = z.infer<typeof ProjectInfo>

export const ToolStatus = z.object({
  ffmpeg: z.string().nullable(),
  ffprobe: z.string().nullable(),
  /** How each binary was found: setting, env, ffmpeg-static or PATH. */
  source: z.string().nullable(),
  /** Set when a tool is missing: says what to install or set. */
  problem: z.string().nullable()
})
export type ToolStatus = z.infer<typeof ToolStatus>

export const Clip = z.object({
  id: z.number().int(),
  path: z.string(),
  size: z.number().nullable(),
  mtimeMs: z.number().nullable(),
  fingerprint: z.string().nullable(),
  duration: z.number().nullable(),
  fps: z.number().nullable(),
  frameCount: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  codec: z.string().nullable(),
  importError: z.string().nullable(),
  extra: z.record(z.string(), z.string()),
  status: ClipStatus,
  importedAt: z.string()
})
export type Clip = z.infer<typeof Clip>

export const PrelabelSource = z.object({
  kind: z.enum(['imported', 'model']),
  /** e.g. the CSV it came from, or model file / quant / engine. */
  label: z.string(),
  details: z.record(z.string(), z.unknown()).default({})
})
export type PrelabelSource = z.infer<typeof PrelabelSource>

export const Prelabel = z.object({
  id: z.number().int(),
  clipId: z.number().int(),
  rawText: z.string(),
  caption: StructuralCaption,
  problems: z.array(CaptionProblem),
  source: PrelabelSource,
  timings: z.record(z.string(), z.number()),
  createdAt: z.string()
})
export type Prelabel = z.infer<typeof Prelabel>

export const Revision = z.object({
  id: z.number().int(),
  clipId: z.number().int(),
  number: z.number().int(),
  caption: StructuralCaption,
  status: ClipStatus,
  annotator: z.string(),
  prelabelId: z.number().int().nullable(),
  /** Why the clip was flagged; set only on revisions with status 'flagged'. */
  flagReason: z.string().nullable(),
  createdAt: z.string()
})
export type Revision = z.infer<typeof Revision>

/** Fields the Library can filter on where the latest human revision differs from the latest pre-label. */
export const DISAGREE_FIELDS = ['shot_type', 'shot_angle', 'shot_position', 'camera_motion', 'environment', 'lighting', 'subject_count'] as const
export type DisagreeField = (typeof DISAGREE_FIELDS)[number]

export const ClipRow = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  duration: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  status: ClipStatus,
  shotType: z.enum(SHOT_TYPES).nullable(),
  shotAngle: z.enum(SHOT_ANGLES).nullable(),
  shotPosition: z.enum(SHOT_POSITIONS).nullable(),
  prelabelSource: z.string().nullable(),
  /** Who saved the latest revision; null before any. */
  annotator: z.string().nullable(),
  disagree: z.array(z.enum(DISAGREE_FIELDS)),
  importError: z.string().nullable()
})
export type ClipRow = z.infer<typeof ClipRow>

export const SORT_COLUMNS = ['id', 'name', 'duration', 'resolution', 'status', 'shotType', 'shotAngle', 'shotPosition', 'prelabelSource', 'annotator'] as const

/** The Library's filters; every one given must hold (AND). Enum values come from the latest caption (revision, else pre-label). */
export const ClipFilter = z.object({
  status: ClipStatus.optional(),
  shotType: z.enum(SHOT_TYPES).optional(),
  shotAngle: z.enum(SHOT_ANGLES).optional(),
  shotPosition: z.enum(SHOT_POSITIONS).optional(),
  /** Annotator of the latest revision; null: no revision yet. */
  annotator: z.string().max(200).nullable().optional(),
  /** Source label of the latest pre-label; null: no pre-label. */
  prelabelSource: z.string().max(500).nullable().optional(),
  /** The latest revision differs from the latest pre-label on this field ('any': on at least one). */
  disagree: z.enum([...DISAGREE_FIELDS, 'any']).optional(),
  /** Part of the clip's path, taken literally. */
  search: z.string().max(500).optional(),
  /** Words in the latest caption's text; each word matches as a prefix. */
  text: z.string().max(500).optional()
})
export type ClipFilter = z.input<typeof ClipFilter>

const ClipOrder = {
  sort: z.enum(SORT_COLUMNS).default('id'),
  desc: z.boolean().default(false),
  offset: z.number().int().min(0).default(0)
}

export const ClipQuery = ClipFilter.extend({ ...ClipOrder, limit: z.number().int().min(1).max(1000).default(200) })
export type ClipQuery = z.input<typeof ClipQuery>

export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.object({ kind: z.literal('csv'), path: z.string().min(1) })
])
export type ImportSource = z.infer<typeof ImportSource>

export const ImportIssue = z.object({ path: z.string(), error: z.string() })
export const ImportReport = z.object({
  found: z.number().int(),
  added: z.number().int(),
  alreadyPresent: z.number().int(),
  prelabelsAdded: z.number().int(),
  /** Files that could not be read or probed; they are still recorded with their error. */
  failed: z.array(ImportIssue),
  /** Problems with the input itself (bad CSV rows, unreadable folders). */
  warnings: z.array(z.string())
})
export type ImportReport = z.infer<typeof ImportReport>

export const ClipDetail = z.object({
  clip: Clip,
  prelabel: Prelabel.nullable(),
  revision: Revision.nullable()
})
export type ClipDetail = z.infer<typeof ClipDetail>

export const SaveCaption = z.object({
  clipId: z.number().int(),
  caption: StructuralCaption,
  status: ClipStatus,
  annotator: z.string().min(1).max(100),
  /** The revision number the edit started from (0 for none): a stale number is a conflict. */
  baseNumber: z.number().int().min(0),
  /** Required when status is 'flagged': what is wrong with the clip. */
  flagReason: z.string().trim().max(500).optional()
})

const empty = z.object({}).strict()

/** Every route: name → input and output schema. Handlers must cover all of them. */
export const contract = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), tools: ToolStatus, project: ProjectInfo.nullable(), dataDir: z.string() })
  },
  'project.list': { input: empty, output: z.array(ProjectInfo) },
  'project.create': { input: z.object({ name: z.string().min(1).max(120) }), output: ProjectInfo },
  'project.open': { input: z.object({ path: z.string().min(1) }), output: ProjectInfo },
  'clips.import': { input: ImportSource, output: ImportReport },
  'clips.list': {
    input: ClipQuery,
    output: z.object({ total: z.number().int(), rows: z.array(ClipRow) })
  },
  /** Per status, under every other filter given (status itself is ignored, so each count says what picking it shows). */
  'clips.counts': { input: ClipFilter.omit({ status: true }), output: z.record(ClipStatus, z.number().int()) },
  /** Ids in list order, for ranges and selections larger than a page. */
  'clips.ids': {
    input: ClipFilter.extend({ ...ClipOrder, limit: z.number().int().min(1).max(100_000).default(100_000) }),
    output: z.array(z.number().int())
  },
  /** Distinct values for the filter menus. */
  'clips.facets': {
    input: empty,
    output: z.object({ annotators: z.array(z.string()), prelabelSources: z.array(z.string()) })
  },
  /** One transaction; each clip not already in `status` gets a new revision (same caption) by `annotator`. */
  'clips.bulkStatus': {
    input: z.object({
      /** The clips picked in the Library ("all matching" is resolved to ids with clips.ids first). */
      ids: z.array(z.number().int()).max(100_000),
      status: ClipStatus,
      annotator: z.string().min(1).max(100),
      /** Required when status is 'flagged', as for a single save. */
      flagReason: z.string().trim().max(500).optional()
    }),
    output: z.object({ changed: z.number().int() })
  },
  'clips.byPath': {
    input: z.object({ paths: z.array(z.string()).max(100_000) }),
    output: z.array(z.object({ path: z.string(), clipId: z.number().int().nullable() }))
  },
  'clips.get': { input: z.object({ id: z.number().int() }), output: ClipDetail },
  'captions.save': { input: SaveCaption, output: Revision },
  'captions.history': { input: z.object({ clipId: z.number().int() }), output: z.array(Revision) },
  'engine.status': {
    input: empty,
    output: z.object({ llamaServer: z.string().nullable(), source: z.string().nullable(), problem: z.string().nullable() })
  },
  'prelabel.start': { input: PrelabelStart, output: JobInfo },
  'jobs.list': { input: empty, output: z.array(JobInfo) },
  'jobs.pause': { input: z.object({ id: z.number().int() }), output: JobInfo },
  'jobs.resume': { input: z.object({ id: z.number().int() }), output: JobInfo },
  'jobs.cancel': { input: z.object({ id: z.number().int() }), output: JobInfo },
  ...reviewRoutes,
  ...outputRoutes,
  ...modelRoutes
} as const

export type Contract = typeof contract
export type Route = keyof Contract

/**
 * Routes about the host and the machine, not about one project's data. Every other route names
 * its project (`project` beside its input), so a request can only ever touch the project its
 * page shows; a new route is project-scoped unless it is listed here.
 */
export const HOST_ROUTES = [
  'app.info',
  'project.list',
  'project.create',
  'project.open',
  'engine.status',
  ...(Object.keys(modelRoutes) as (keyof typeof modelRoutes)[])
] as const satisfies readonly Route[]
export type HostRoute = (typeof HOST_ROUTES)[number]
export type ProjectRoute = Exclude<Route, HostRoute>

const hostRoutes: ReadonlySet<string> = new Set(HOST_ROUTES)
export function isProjectRoute(route: Route): route is ProjectRoute {
  return !hostRoutes.has(route)
}

/** An input with the project beside it (an empty strict input is typed as an index of never). */
type InProjectInput<T> = string extends keyof T ? ProjectRef : T & ProjectRef
export type RouteInput<R extends Route> = R extends HostRoute ? z.input<Contract[R]['input']> : InProjectInput<z.input<Contract[R]['input']>>
/** The route's own input, without the project a transport adds beside it. */
export type OwnInput<R extends Route> = z.input<Contract[R]['input']>
export type ParsedInput<R extends Route> = z.output<Contract[R]['input']>
export type RouteOutput<R extends Route> = z.output<Contract[R]['output']>

/** Server-pushed events: name → payload. */
type InProject<T> = { [K in keyof T]: T[K] & ProjectRef }
/** Events about one project's data name it; a page ignores those of other projects. */
export type Events = ModelEvents &
  InProject<
    OutputEvents & {
      'import.progress': { done: number; total: number; path: string }
      'clips.changed': { ids: number[] | 'all' }
      'job.progress': JobInfo
    }
  > & {
    'project.opened': ProjectInfo
  }
export type EventName = keyof Events
/** Events that name their project. */
export type ProjectEventName = { [E in EventName]: Events[E] extends ProjectRef ? E : never }[EventName]

/** What every transport gives the renderer. */
export interface ApiClient {
  request<R extends Route>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>>
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void
  /** URL the player loads for a clip registered in that project. */
  mediaUrl(project: string, clipId: number): string
  /** URL of filmstrip thumbnail `slot` (0..15: the frames the model saw) of a clip registered in that project. */
  filmstripUrl(project: string, clipId: number, slot: number): string
}
