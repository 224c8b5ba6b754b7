import path from 'node:path'
import type { PrelabelSource, ToolStatus } from '../../shared/contract'
import { EngineConfig, type LocalEngine } from '../../shared/jobs'
import type { EventBus } from '../events'
import type { CaptionOutcome } from '../inference/captioner'
import type { EngineHost } from '../inference/engine'
import { checkEndpoint, probeClip } from '../inference/endpointCheck'
import type { SampledClip } from '../inference/frames'
import { requireTool } from '../media/tools'
import type { ProcessManager } from '../processes'
import type { Job } from '../store/jobs'
import type { ProjectStore } from '../store/project'
import { captionOrThrow, prelabelOf, sampleJobClip } from './clipCaption'
import type { JobWork } from './runner'

export interface PrelabelKindDeps {
  bus: EventBus
  engines: EngineHost
  processes: ProcessManager
  tools: () => ToolStatus
  /** File names, quant and sha256 of a local model, recorded with every pre-label. */
  provenance?: (engine: LocalEngine) => Record<string, unknown>
  /** Milliseconds spent in one stage for one clip: sample, request, model, parse, store. */
  onStage?: (jobId: number, stage: string, ms: number) => void
}

interface Sampled {
  sample: SampledClip
  ms: number
}

interface Captioned {
  outcome: CaptionOutcome
  sampleMs: number
}

/**
 * Pre-labeling as a job kind: the endpoints are checked once, frames of the next clips are
 * sampled (one ffmpeg at a time) while the model works on the current ones, and each caption is
 * stored with the job's provenance.
 */
export function prelabelWork(deps: PrelabelKindDeps, store: ProjectStore, job: Job): JobWork<Sampled, Captioned> {
  const engine = EngineConfig.parse(job.params.engine)
  const source = sourceOf(engine, job.id)
  if (engine.local) deps.provenance?.(engine.local) // starts hashing files not hashed yet
  const pool = deps.engines.pool(engine)
  const ffmpeg = () => requireTool(deps.tools(), 'ffmpeg')
  return {
    async prepare(signal) {
      const probe = await probeClip(ffmpeg(), deps.processes)
      await pool.prepare((endpoint) => checkEndpoint(endpoint, probe, signal), signal)
    },
    concurrency: () => pool.capacity,
    // sampling already uses every core for decoding, so the runner's one-at-a-time suits it
    async prefetch(clipId) {
      const t0 = performance.now()
      const sample = await sampleJobClip(store, ffmpeg(), deps.processes, clipId)
      return { sample, ms: performance.now() - t0 }
    },
    async processOne(_clipId, sampled, signal) {
      return { outcome: await captionOrThrow(pool, sampled.sample, engine, signal), sampleMs: sampled.ms }
    },
    store(clipId, { outcome, sampleMs }) {
      const timings: Record<string, number> = { sampleMs, ...outcome.timings }
      const t0 = performance.now()
      // read per clip: a checksum still being computed at launch is recorded once it is known
      const files = engine.local && outcome.endpointId === 'local' ? deps.provenance?.(engine.local) : undefined
      const details = { ...source.details, ...files, endpoint: outcome.endpointId, servedModel: outcome.model, attempts: outcome.attempts }
      const stored = store.addJobPrelabel(job.id, prelabelOf(clipId, outcome, { ...source, details }, timings, engine.topLogprobs))
      if (stored) deps.bus.emit('clips.changed', { project: store.id, ids: [clipId] })
      const stages: Record<string, number | undefined> = {
        sample: sampleMs,
        request: timings.requestMs,
        model: timings.promptMs !== undefined ? timings.promptMs + (timings.predictedMs ?? 0) : undefined,
        parse: timings.parseMs,
        store: performance.now() - t0
      }
      for (const [stage, ms] of Object.entries(stages)) if (ms !== undefined) deps.onStage?.(job.id, stage, ms)
    }
  }
}

/** What every pre-label of the job records as its source. */
export function sourceOf(engine: EngineConfig, jobId: number): PrelabelSource {
  const local = engine.local
  return {
    kind: 'model',
    label: local ? `${path.basename(local.model)} (llama-server)` : engine.endpoints.map((e) => new URL(e.url).host).join(', '),
    details: {
      engine: local ? 'llama-server' : 'openai-compatible',
      jobId,
      ...(local
        ? { model: local.model, mmproj: local.mmproj, contextPerSlot: local.contextPerSlot, parallel: local.parallel, gpuLayers: local.gpuLayers }
        : {}),
      endpoints: engine.endpoints.map((e) => e.url),
      maxTokens: engine.maxTokens,
      topLogprobs: engine.topLogprobs
    }
  }
}
