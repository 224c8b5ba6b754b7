import { EngineConfig } from '../../shared/jobs'
import type { ProbeRound } from '../../shared/speedMeasure'
import { probeRound, type ProbeModel } from '../models/speedProbe'
import { textPrefillMs } from '../models/textPrefill'
import { nowIso } from '../store/json'
import type { Job } from '../store/jobs'
import type { ProjectStore } from '../store/project'
import { prelabelWork, type PrelabelKindDeps } from './prelabelKind'
import type { JobWork } from './runner'

export interface SpeedJobParams {
  engine: EngineConfig
  quant: string | null
  /** What the machine probe needs of the model (speedProbe.ts). */
  probe: ProbeModel
}

/**
 * "Measure on this machine" as a job kind: each clip goes through the pre-label kind's own
 * prepare, sampling and caption request, so the timing is the real job's. Instead of a pre-label
 * (a measuring quant must not replace the clip's), it stores the engine's timings, the sampling
 * and request wall time, and the vision encode time (see textPrefillMs). After each clip, a round
 * of the machine probe (speedProbe.ts) runs on the same warm server.
 */
export function speedWork(deps: PrelabelKindDeps, store: ProjectStore, job: Job): JobWork<undefined, unknown> {
  const engine = EngineConfig.parse(job.params.engine)
  const local = engine.local
  if (!local) throw new Error('A speed measurement needs a local model')
  const quant = typeof job.params.quant === 'string' ? job.params.quant : null
  const caption = prelabelWork({ ...deps, provenance: undefined }, store, job)
  type Captioned = Awaited<ReturnType<typeof caption.processOne>>
  type Timed = Captioned & { textMs: number; round: ProbeRound }
  // One clip at a time, and no sampling ahead: the next clip's ffmpeg would share the cores with
  // this clip's prompt and inflate its vision time. The wall time is sampling plus request.
  const work: JobWork<undefined, Timed> = {
    prepare: (signal) => caption.prepare!(signal),
    concurrency: () => 1,
    async processOne(clipId, _ready, signal) {
      const sampled = await caption.prefetch!(clipId)
      const captioned = await caption.processOne(clipId, sampled, signal)
      const t = captioned.outcome.timings
      if (t.promptMs === undefined || t.predictedMs === undefined || t.promptEvaluated === undefined || t.outputTokens === undefined) {
        throw new Error('llama-server reported no timings for the clip')
      }
      const url = await deps.engines.localServer(local).ensureRunning()
      const textMs = await textPrefillMs(url, t.promptEvaluated, signal)
      return { ...captioned, textMs, round: await probeRound(url, t.promptEvaluated, signal) }
    },
    store(clipId, { outcome, sampleMs, textMs, round }) {
      const t = outcome.timings
      store.speed.addProbeRound(job.id, round)
      store.addSpeedMeasurement({
        jobId: job.id,
        clipId,
        model: local.model,
        quant,
        promptTokens: t.promptEvaluated,
        promptMs: t.promptMs,
        textPrefillMs: textMs,
        // a text prefill slower than the whole prompt is noise, not negative vision time
        visionMs: Math.max(0, t.promptMs - textMs),
        outputTokens: t.outputTokens,
        predictedMs: t.predictedMs,
        wallMs: sampleMs + t.requestMs,
        createdAt: nowIso()
      })
    }
  }
  return work
}
