import type { PrelabelSource } from '../../shared/contract'
import { captionSample, outcomeConfidence, type CaptionOutcome } from '../inference/captioner'
import { sampleClip, type SampledClip } from '../inference/frames'
import type { EndpointPool } from '../inference/pool'
import type { ProcessManager } from '../processes'
import type { NewPrelabel } from '../store/prelabels'
import type { ProjectStore } from '../store/project'

// The steps every captioning job kind shares: a clip's frames, the model's answer, the pre-label to store.

/** The clip's frames as the model sees them; a clip gone or unplayable fails its item with why. */
export async function sampleJobClip(store: ProjectStore, ffmpeg: string, processes: ProcessManager, clipId: number): Promise<SampledClip> {
  const clip = store.clips.get(clipId)
  if (!clip) throw new Error(`Clip ${clipId} is no longer in the project`)
  if (clip.importError) throw new Error(`Not captioned: ${clip.importError}`)
  return sampleClip(ffmpeg, processes, clip.path, clip.frameCount ?? 0)
}

/** The model's caption of the frames; an answer that is not a caption is an error naming its length, never its text. */
export async function captionOrThrow(
  pool: EndpointPool,
  sample: SampledClip,
  engine: { maxTokens: number; topLogprobs: number },
  signal: AbortSignal
): Promise<CaptionOutcome> {
  const outcome = await captionSample(pool, sample, { signal, maxTokens: engine.maxTokens, topLogprobs: engine.topLogprobs })
  const notJson = outcome.problems.find((p) => p.kind === 'not_json')
  // the answer may come from any endpoint: its text stays out of the job's errors
  if (notJson) throw new Error(`Model output is not a caption (${notJson.message}; ${outcome.rawText.length} characters)`)
  return outcome
}

/** The pre-label an answer makes, with its confidence when log-probabilities were asked for. */
export function prelabelOf(clipId: number, outcome: CaptionOutcome, source: PrelabelSource, timings: Record<string, number>, topLogprobs: number): NewPrelabel {
  return {
    clipId,
    rawText: outcome.rawText,
    caption: outcome.caption,
    problems: outcome.problems,
    source,
    timings,
    ...outcomeConfidence(outcome, topLogprobs)
  }
}
