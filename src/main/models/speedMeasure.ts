// "Measure on this machine": starts a speed job (jobs/speedKind.ts) and reads its figures back
// beside what the speed model (speed.ts) predicts for the same quant and prompt.
import os from 'node:os'
import path from 'node:path'
import type { z } from 'zod'
import { ApiError } from '../../shared/errors'
import type { JobInfo } from '../../shared/jobs'
import type { MachineProbe } from '../../shared/models'
import { SpeedMeasureStart, type SpeedMachine, type SpeedSummary } from '../../shared/speedMeasure'
import type { EngineHost } from '../inference/engine'
import type { JobsService } from '../jobs/jobsService'
import type { ProjectsService } from '../projects/projects'
import type { Roots } from '../roots/roots'
import type { ProjectStore } from '../store/project'
import type { SpeedMeasurement } from '../store/speedMeasurements'
import { describeCpu, readCpuFeatures } from './cpuFeatures'
import { kvBytesPerToken, videoTokens } from './estimate'
import { readLocalGguf } from './ggufFacts'
import { defaultCpuSpeed, predictSpeed, prefillParams, visionParams, weightBytesRead, type MachineSpeed } from './speed'
import { median, probedSpeed, ProbeModel, REPRESENTATIVE_BYTES } from './speedProbe'

export interface SpeedMeasureDeps {
  projects: ProjectsService
  jobs: JobsService
  engines: EngineHost
  roots: Roots
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
    const info = await readLocalGguf(input.local.model).catch((err: Error) => {
      throw new ApiError('invalid_input', `${path.basename(input.local.model)} is not a readable GGUF model (${err.name})`)
    })
    if (info.kind !== 'model') throw new ApiError('invalid_input', `${path.basename(input.local.model)} is a vision projector (mmproj), not a language model`)
    const probe: ProbeModel = {
      weightBytesPerToken: weightBytesRead(info.lm),
      kvBytesPerToken: kvBytesPerToken(info.lm),
      prefillParams: prefillParams(info.lm, info.parameters),
      vocab: info.lm.vocab,
      cpu: describeCpu(readCpuFeatures())
    }
    const engine = { local: input.local, endpoints: [], maxTokens: input.maxTokens }
    this.deps.engines.pool(engine) // fail now, not in the background, if llama-server is missing
    return this.deps.jobs.startJob('speed', { engine, quant: info.quant, probe }, clipIds)
  }

  /** Each quant's latest run in the open project, beside what the speed model predicts for it (on the given machine figures, else this CPU's defaults). */
  async summaries(machine?: z.infer<typeof SpeedMachine>): Promise<SpeedSummary[]> {
    const store = this.deps.projects.require()
    const runs = store.speed.latestRuns().filter((rows) => rows.length > 0)
    const probe = storedProbe(store)
    return Promise.all(runs.map((rows) => this.summary(store.jobs.get(rows[0].jobId)?.params, rows, probe, machine)))
  }

  private async summary(
    params: Record<string, unknown> | undefined,
    rows: SpeedMeasurement[],
    probe: MachineProbe | null,
    machine?: z.infer<typeof SpeedMachine>
  ): Promise<SpeedSummary> {
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
      predicted: await this.predicted(last.model, mmproj, promptTokens, outputTokens, probe, machine),
      measuredAt: last.createdAt
    }
  }

  /** The speed model for the run's files and its median prompt and output, on the given machine, else the probe's, else this CPU's defaults. */
  private async predicted(
    model: string,
    mmproj: string | undefined,
    promptTokens: number,
    outputTokens: number,
    probe: MachineProbe | null,
    given?: z.infer<typeof SpeedMachine>
  ) {
    // the files may have gone since the run: then there is nothing to predict from
    const lm = await readLocalGguf(model).catch(() => null)
    if (lm?.kind !== 'model') return null
    const mm = mmproj ? await readLocalGguf(mmproj).catch(() => null) : null
    const vision = mm?.kind === 'mmproj' ? mm.vision : null
    const fallback = probeOrDefault(probe, defaultCpuSpeed(readCpuFeatures(), os.availableParallelism()), model)
    const machine = given ? { ...given, source: 'user' as const, sampling: fallback.sampling } : fallback
    const estimate = predictSpeed({
      weightBytes: weightBytesRead(lm.lm),
      params: prefillParams(lm.lm, lm.parameters),
      vocab: lm.lm.vocab,
      visionParams: visionParams(vision),
      visionTokens: vision ? videoTokens(vision.patch, vision.merge) : 0,
      promptTokens,
      outputTokens,
      kvBytesPerToken: kvBytesPerToken(lm.lm),
      machine
    })
    const { prefillTokensPerSecond, decodeTokensPerSecond, visionSeconds, secondsPerClip, clipsPerHour } = estimate
    const { memoryBandwidthGBs, computeGflops, source, sampling } = machine
    return {
      prefillTokensPerSecond,
      decodeTokensPerSecond,
      visionSeconds,
      secondsPerClip,
      clipsPerHour,
      machine: { memoryBandwidthGBs, computeGflops, source, sampling }
    }
  }
}

/** The latest speed job's probe rounds and text prefills, as machine figures; null without a finished round. */
export function storedProbe(store: ProjectStore): MachineProbe | null {
  const stored = store.speed.probe()
  const job = stored ? store.jobs.get(stored.jobId) : undefined
  const model = ProbeModel.safeParse(job?.params.probe)
  const rows = stored ? store.speed.ofJob(stored.jobId) : []
  if (!stored || !model.success || rows.length === 0 || stored.rounds.length === 0) return null
  const prefill = rows.map((r) => ({ tokens: r.promptTokens, ms: r.textPrefillMs }))
  const last = rows[rows.length - 1]
  return {
    ...probedSpeed(model.data, stored.rounds, prefill),
    model: last.model,
    jobId: stored.jobId,
    cpu: model.data.cpu,
    measuredAt: last.createdAt,
    representative: model.data.weightBytesPerToken >= REPRESENTATIVE_BYTES
  }
}

/** The figures to predict with: a probe's own where it stands for the machine (or ran on the model predicted), else the defaults with its sampling cost. */
export function probeOrDefault(probe: MachineProbe | null, fallback: MachineSpeed, model?: string): MachineSpeed {
  if (!probe) return fallback
  const { memoryBandwidthGBs, computeGflops, source, sampling } = probe
  if (probe.representative || probe.model === model) return { memoryBandwidthGBs, computeGflops, source, sampling }
  return { ...fallback, sampling }
}
