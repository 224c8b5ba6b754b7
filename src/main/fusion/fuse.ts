import type { StructuralCaption } from '../../shared/caption'
import type { FusionTask } from '../../shared/output'
import type { FusionLlm } from './llm'
import { augmentRandom, finishFusion, planFusion } from './rules'

export interface FuseOptions {
  maxTokens: number
  /** Seed of the original's training-time augmentation; null leaves every field in. */
  augmentSeed: number | null
  /** Identifies the clip for the per-clip augmentation stream (its path). */
  clipKey: string
  signal?: AbortSignal
}

export interface Fused {
  text: string
  /** model: the LLM wrote the prose; rule: no subjects, so no LLM call (as the original). */
  origin: 'model' | 'rule'
  details: Record<string, unknown>
}

/** One clip, one task: the original's rules around one LLM call. */
export async function fuseCaption(llm: FusionLlm, caption: StructuralCaption, task: FusionTask, opts: FuseOptions): Promise<Fused> {
  const random = opts.augmentSeed === null ? null : augmentRandom(opts.augmentSeed, opts.clipKey, task)
  const plan = planFusion(caption, task, random)
  const details: Record<string, unknown> = { augmentSeed: opts.augmentSeed, subjectsSent: plan.input.num_subjects }
  if (plan.prompt === null) return { text: finishFusion(plan, null), origin: 'rule', details }
  const answer = await llm.complete(plan.prompt, { maxTokens: opts.maxTokens, seed: opts.augmentSeed ?? 0, signal: opts.signal })
  return { text: finishFusion(plan, answer.text), origin: 'model', details: { ...details, ...answer.details } }
}
