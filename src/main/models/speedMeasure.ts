// "Measure on this machine": starts a speed job (jobs/speedKind.ts) and reads its figures back
// beside what the speed model (speed.ts) predicts for the same quant and prompt.
import os from 'node:os'
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
import { readCpuFeatures } from './cpuFeatures'
import { kvBytesPerToken, videoTokens } from './estimate'
import { readLocalGguf } from './ggufFacts'
import { defaultCpuSpeed, predictSpeed, visionParams, weightBytesRead } from './speed'

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

export class SpeedMeasureService {
  constructor(private readonly deps: SpeedMeasureDeps) {}

  async start(raw: z.input<typeof SpeedMeasureStart>): Promise<JobInfo> {
    const input = SpeedMeasureStart.parse(raw)
    // llama-server reads these files: only from the models folder
    for (const file of [input.local.model, input.local.mmproj]) this.deps.roots.resolve('models', file)
    const store = this.deps.projects.require()
    const clipIds = input.clipIds ?? store.jobItems.candidates('all').slice(0, input.count)
    if (clipIds.length === 0) throw new ApiError('invalid_input', 'The project has no readable clip to measure on: import clips first')
    const quant = await readLocalGguf(input.local.model).then(
      (info) => info.quant,
      (err: Error) => {
        throw new ApiError('invalid_input', `${path.basename(input.local.model)} is not a readable GGUF model (${err.name})`)
      }
    )
    const engine = { local: input.local, endpoints: [], maxTokens: input.maxTokens }
    this.deps.engines.pool(engine) // fail now, not in the background, if llama-server is missing
    return this.deps.jobs.startJob('speed', { engine, quant }, clipIds)
  }

  /** Each quant's latest run in the open project, beside what the speed model predicts for it (on the given machine figures, else this CPU's defaults). */
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
      predicted: await this.predicted(last.model, mmproj, promptTokens, outputTokens, machine),
      measuredAt: last.createdAt
    }
  }

  /** The speed model for the run's files and its median prompt and output, on the given machine or this CPU's default figures. */
  private async predicted(model: string, mmproj: string | undefined, promptTokens: number, outputTokens: number, given?: z.infer<typeof SpeedMachine>) {
    // the files may have gone since the run: then there is nothing to predict from
    const lm = await readLocalGguf(model).catch(() => null)
    if (lm?.kind !== 'model') return null
    const mm = mmproj ? await readLocalGguf(mmproj).catch(() => null) : null
    const vision = mm?.kind === 'mmproj' ? mm.vision : null
    const machine = given ? { ...given, source: 'user' as const } : defaultCpuSpeed(readCpuFeatures(), os.availableParallelism())
    const estimate = predictSpeed({
      weightBytes: weightBytesRead(lm.lm),
      params: lm.parameters,
      visionParams: visionParams(vision),
      visionTokens: vision ? videoTokens(vision.patch, vision.merge) : 0,
      promptTokens,
      outputTokens,
      kvBytesPerToken: kvBytesPerToken(lm.lm),
      machine
    })
    const { prefillTokensPerSecond, decodeTokensPerSecond, visionSeconds, secondsPerClip, clipsPerHour } = estimate
    return { prefillTokensPerSecond, decodeTokensPerSecond, visionSeconds, secondsPerClip, clipsPerHour, machine }
  }
}
