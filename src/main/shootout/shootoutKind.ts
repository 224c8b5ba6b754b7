import { ShootoutQuant } from '../../shared/api/shootout'
import { z } from 'zod'
import type { ToolStatus } from '../../shared/contract'
import type { EngineConfig, LocalEngine } from '../../shared/jobs'
import type { EventBus } from '../events'
import type { EngineHost } from '../inference/engine'
import { checkEndpoint, probeClip } from '../inference/endpointCheck'
import type { EndpointPool } from '../inference/pool'
import type { SampledClip } from '../inference/frames'
import { captionOrThrow, prelabelOf, sampleJobClip } from '../jobs/clipCaption'
import { sourceOf } from '../jobs/prelabelKind'
import type { JobWork } from '../jobs/runner'
import { requireTool } from '../media/tools'
import { processMemory } from '../models/measure'
import type { ProcessManager } from '../processes'
import type { Job } from '../store/jobs'
import type { NewPrelabel } from '../store/prelabels'
import type { ProjectStore } from '../store/project'
import { latestBy, quantKey } from './quantKey'

export interface ShootoutKindDeps {
  bus: EventBus
  engines: EngineHost
  processes: ProcessManager
  tools: () => ToolStatus
  /** File names, quant and sha256 of a local model, recorded with every pre-label. */
  provenance?: (engine: LocalEngine) => Record<string, unknown>
}

const Params = z.object({ quants: z.array(ShootoutQuant) })

interface Answers {
  fresh: NewPrelabel[]
  reusedId: number | null
  /** "label: why" for each quant that gave no caption of the clip. */
  failed: string[]
}

/**
 * A shoot-out as a job kind: every clip of the job goes to every quant in turn. A quant that
 * already has a pre-label of the clip (an earlier shoot-out or pre-label job) is not asked again.
 * One local llama-server at a time: switching quants restarts it, so two quants never share RAM.
 * A quant that fails on a clip does not cost the others their answers: theirs are stored, and the
 * clip's item fails naming the quant, and a later shoot-out of the clip asks only that one again.
 */
export function shootoutWork(deps: ShootoutKindDeps, store: ProjectStore, job: Job): JobWork<SampledClip, Answers> {
  const { quants } = Params.parse(job.params)
  const ffmpeg = () => requireTool(deps.tools(), 'ffmpeg')
  let current: { key: string; pool: EndpointPool } | null = null
  // a switch of local model restarts the server, so the pool is taken again for the quant in turn
  const poolFor = (engine: EngineConfig): EndpointPool => {
    const key = quantKey(engine)
    if (current?.key !== key) current = { key, pool: deps.engines.pool(engine) }
    return current.pool
  }
  return {
    async prepare(signal) {
      for (const q of quants) if (q.engine.local) deps.provenance?.(q.engine.local) // starts hashing
      const probe = await probeClip(ffmpeg(), deps.processes)
      // every contender is checked once, before any clip: one that would see other frames fails the job now
      for (const q of quants) await poolFor(q.engine).prepare((endpoint) => checkEndpoint(endpoint, probe, signal), signal)
    },
    concurrency: () => 1,
    prefetch: (clipId) => sampleJobClip(store, ffmpeg(), deps.processes, clipId),
    async processOne(clipId, sample, signal) {
      const stored = store.prelabels.forClip(clipId)
      const fresh: NewPrelabel[] = []
      const failed: string[] = []
      let reusedId: number | null = null
      // the quant whose server is up goes first: a switch of local model costs a restart
      const first = Math.max(
        0,
        quants.findIndex((q) => quantKey(q.engine) === current?.key)
      )
      for (const q of [...quants.slice(first), ...quants.slice(0, first)]) {
        const earlier = latestBy(stored, q.engine)
        if (earlier) {
          reusedId ??= earlier.id
          continue
        }
        try {
          fresh.push(await answer(q, clipId, sample, signal))
        } catch (err) {
          if (signal.aborted) throw err
          failed.push(`${q.label}: ${(err as Error).message}`)
        }
      }
      // nothing to keep: the runner records the item's failure as for any job
      if (fresh.length === 0 && reusedId === null && failed.length > 0) throw new Error(failed.join('; '))
      return { fresh, reusedId, failed }
    },
    store(clipId, { fresh, reusedId, failed }) {
      const stored =
        failed.length > 0 ? store.addJobPrelabelsFailed(job.id, clipId, fresh, failed.join('; ')) : store.addJobPrelabels(job.id, clipId, fresh, reusedId)
      if (stored && fresh.length > 0) deps.bus.emit('clips.changed', { project: store.id, ids: [clipId] })
    }
  }

  async function answer(q: ShootoutQuant, clipId: number, sample: SampledClip, signal: AbortSignal): Promise<NewPrelabel> {
    const pool = poolFor(q.engine)
    await pool.prepare(undefined, signal)
    const outcome = await captionOrThrow(pool, sample, q.engine, signal)
    return prelabelOf(clipId, outcome, sourceFor(q, outcome, job.id), outcome.timings, q.engine.topLogprobs)
  }

  function sourceFor(q: ShootoutQuant, outcome: { endpointId: string; model: string | null; attempts: number }, jobId: number): NewPrelabel['source'] {
    const base = sourceOf(q.engine, jobId)
    const local = q.engine.local && outcome.endpointId === 'local' ? q.engine.local : undefined
    const files = local ? deps.provenance?.(local) : undefined
    // the server's high-water mark so far: the memory this quant needed on this machine
    const pid = local ? deps.engines.localServer(local).pid : undefined
    const peakRssBytes = pid !== undefined ? (processMemory(pid)?.peak ?? null) : null
    const details = {
      ...base.details,
      ...files,
      shootoutKey: quantKey(q.engine),
      shootoutLabel: q.label,
      peakRssBytes,
      endpoint: outcome.endpointId,
      servedModel: outcome.model,
      attempts: outcome.attempts
    }
    return { ...base, label: `${q.label} (shoot-out)`, details }
  }
}
