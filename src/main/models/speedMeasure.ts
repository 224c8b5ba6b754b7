// "Measure on this machine": starts a speed job (jobs/speedKind.ts) and reads its figures back
// beside what the speed model (speed.ts) predicts for the same quant and prompt.
import path from 'node:path'
import type { z } from 'zod'
import { ApiError } from '../../shared/errors'
import type { JobInfo } from '../../shared/jobs'
import { SpeedMeasureStart, type SpeedMachine, type SpeedSummary } from '../../shared/speedMeasure'
import type { EngineHost } from '../inference/engine'
import type { JobsService } from '../jobs/jobsService'
import type { ProjectsService } from '../projects/projects'
import type { Roots } from '../roots/roots'
import type { SpeedMeasurement } from '../store/speedMeasurements'
import { readGgufSummary, type GgufSummary } from './ggufRead'
import { fileTypeName } from './ggufFacts'
import { predictSpeed } from './speed'
import { ggmlTensor } from './weightBuffers'

/** 8 frame pairs of 13×15 merged patches: what every clip's 16 frames at 364×420 cost (product brief §2). */
export const VISION_TOKENS = 8 * 13 * 15

export interface SpeedMeasureDeps {
  projects: ProjectsService
  jobs: JobsService
  engines: EngineHost
  roots: Roots
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Per-clip medians of one run: a clip whose sampling or request hit a busy moment does not skew the figure. */
export function measuredFigures(rows: SpeedMeasurement[]): SpeedSummary['measured'] {
  const wallSeconds = median(rows.map((r) => r.wallMs)) / 1000
  return {
    promptTokensPerSecond: median(rows.map((r) => r.promptTokens / (r.promptMs / 1000))),
    prefillTokensPerSecond: median(rows.map((r) => r.promptTokens / (r.textPrefillMs / 1000))),
    decodeTokensPerSecond: median(rows.map((r) => r.outputTokens / (r.predictedMs / 1000))),
    visionSeconds: median(rows.map((r) => r.visionMs)) / 1000,
    secondsPerClip: wallSeconds,
    clipsPerHour: 3600 / wallSeconds
  }
}

const tensorBytes = (t: GgufSummary['tensors'][number]) => ggmlTensor(t.type, t.dims).bytes
const tensorParams = (t: GgufSummary['tensors'][number]) => t.dims.reduce((a, b) => a * b, 1)

/** Bytes a generated token reads: every weight but the embedding table, which is read a row at a time unless it doubles as the output layer. */
export function decodeWeightBytes(lm: GgufSummary): number {
  const tied = !lm.tensors.some((t) => t.name === 'output.weight')
  return lm.tensors.filter((t) => tied || t.name !== 'token_embd.weight').reduce((sum, t) => sum + tensorBytes(t), 0)
}

export class SpeedMeasureService {
  constructor(private readonly deps: SpeedMeasureDeps) {}

  async start(raw: z.input<typeof SpeedMeasureStart>): Promise<JobInfo> {
    const input = SpeedMeasureStart.parse(raw)
    // llama-server reads these files: only from the models folder
    for (const file of [input.local.model, input.local.mmproj]) this.deps.roots.resolve('models', file)
    const store = this.deps.projects.require()
    const clipIds = input.clipIds ?? store.jobItems.candidates('all').slice(0, input.count)
    if (clipIds.length === 0) throw new ApiError('invalid_input', 'The project has no readable clip to measure on: import clips first')
    const quant = await readGgufSummary(input.local.model).then(
      (s) => fileTypeName(s.fileType ?? undefined),
      (err: Error) => {
        throw new ApiError('invalid_input', `${path.basename(input.local.model)} is not a readable GGUF model (${err.name})`)
      }
    )
    const engine = { local: input.local, endpoints: [], maxTokens: input.maxTokens }
    this.deps.engines.pool(engine) // fail now, not in the background, if llama-server is missing
    return this.deps.jobs.startJob('speed', { engine, quant }, clipIds)
  }

  /** Each quant's latest run in the open project; with machine figures, what the speed model predicts beside it. */
  async summaries(machine?: z.infer<typeof SpeedMachine>): Promise<SpeedSummary[]> {
    const store = this.deps.projects.require()
    const runs = store.speed.latestRuns().filter((rows) => rows.length > 0)
    return Promise.all(runs.map((rows) => this.summary(store.jobs.get(rows[0].jobId)?.params, rows, machine)))
  }

  private async summary(params: Record<string, unknown> | undefined, rows: SpeedMeasurement[], machine?: z.infer<typeof SpeedMachine>): Promise<SpeedSummary> {
    const last = rows[rows.length - 1]
    const promptTokens = median(rows.map((r) => r.promptTokens))
    const outputTokens = median(rows.map((r) => r.outputTokens))
    const mmproj = (params?.engine as { local?: { mmproj?: string } } | undefined)?.local?.mmproj
    return {
      model: last.model,
      quant: last.quant,
      jobId: last.jobId,
      clips: rows.length,
      promptTokens,
      outputTokens,
      measured: measuredFigures(rows),
      predicted: machine ? await this.predicted(last.model, mmproj, promptTokens, outputTokens, machine) : null,
      measuredAt: last.createdAt
    }
  }

  private async predicted(model: string, mmproj: string | undefined, promptTokens: number, outputTokens: number, machine: z.infer<typeof SpeedMachine>) {
    // the files may have gone since the run: then there is nothing to predict from
    const lm = await readGgufSummary(model).catch(() => null)
    if (!lm) return null
    const vision = mmproj ? await readGgufSummary(mmproj).catch(() => null) : null
    const estimate = predictSpeed({
      weightBytes: decodeWeightBytes(lm),
      params: lm.tensors.reduce((sum, t) => sum + tensorParams(t), 0),
      visionParams: vision ? vision.tensors.reduce((sum, t) => sum + tensorParams(t), 0) : 0,
      visionTokens: VISION_TOKENS,
      promptTokens,
      outputTokens,
      machine: { ...machine, source: 'user' }
    })
    const { prefillTokensPerSecond, decodeTokensPerSecond, visionSeconds, secondsPerClip, clipsPerHour } = estimate
    return { prefillTokensPerSecond, decodeTokensPerSecond, visionSeconds, secondsPerClip, clipsPerHour }
  }
}
