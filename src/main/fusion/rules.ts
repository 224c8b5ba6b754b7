// The rules of the original vllm_fusion_caption.py, re-implemented: which fields of a structural
// caption reach the LLM for T2V and I2V, the camera-motion sentence, and the no-subjects path.
import { createHash } from 'node:crypto'
import type { StructuralCaption } from '../../shared/caption'
import type { FusionTask } from '../../shared/output'
import { fusionSystemPrompt } from './prompts'

/** A subject as the LLM sees it: named by its sub_type, no TYPES or is_main_subject. */
export interface FusionSubject {
  appearance?: string
  action: string
  expression: string
  position?: string
  name?: string
}

/** The cleaned structure, with the original's key order (it is shown to the LLM as JSON). */
export interface FusionInput {
  num_subjects: number
  subjects: FusionSubject[]
  shot_type?: string
  shot_angle?: string
  shot_position?: string
  environment?: string
  lighting?: string
}

export interface FusionPlan {
  task: FusionTask
  input: FusionInput
  /** The system message for the LLM; null when no subject is left (the LLM is skipped). */
  prompt: string | null
  /** The camera-motion sentence appended after the LLM's text ('' when there is no motion). */
  camera: string
}

/** Uniform numbers in [0, 1); the original used Python's global random(). */
export type Random = () => number

const AUGMENT_DROP = 0.9

/**
 * Python's str.capitalize (first character upper, the rest lower) of the motion plus a full stop,
 * as the original does. One deliberate difference: a motion already ending in "." gets no second one.
 */
export function cameraSentence(motion: string): string {
  if (motion === '') return ''
  const text = motion.endsWith('.') ? motion : `${motion}.`
  const [first, ...rest] = [...text]
  return first.toUpperCase() + rest.join('').toLowerCase()
}

/** The original's clean_struct_caption. `random` is the seeded augmentation; null turns it off. */
export function cleanForFusion(caption: StructuralCaption, task: FusionTask, random: Random | null): FusionInput {
  const drop = () => random !== null && random() > AUGMENT_DROP
  const subjects: FusionSubject[] = []
  for (const s of caption.subjects) {
    const { type, sub_type: subType } = s.TYPES
    // expression only means something for people and animals (and not for a Human/Accessory)
    const keepExpression = (type === 'Human' || type === 'Animal') && !(type === 'Human' && subType === 'Accessory')
    const subject: FusionSubject = {
      appearance: s.appearance,
      action: s.action.trim(),
      expression: keepExpression ? s.expression : '',
      position: s.position
    }
    if (subType !== '') subject.name = subType
    // the original draws both numbers for every subject, for either task
    if (drop()) delete subject.appearance
    if (drop()) delete subject.position
    if (task === 'i2v') {
      delete subject.appearance
      delete subject.position
      // an image already shows how a thing looks and where it is: only motion is left to say
      if (subject.action === '' && subject.expression === '') continue
    }
    subjects.push(subject)
  }
  const input: FusionInput = { num_subjects: subjects.length, subjects }
  if (task === 'i2v') return input
  input.shot_type = caption.shot_type
  input.shot_angle = caption.shot_angle
  input.shot_position = caption.shot_position
  input.environment = caption.environment
  input.lighting = caption.lighting
  if (drop()) delete input.lighting
  return input
}

/** What to send for one clip and task, and what to append afterwards. */
export function planFusion(caption: StructuralCaption, task: FusionTask, random: Random | null = null): FusionPlan {
  const input = cleanForFusion(caption, task, random)
  // json.dumps(indent=4, ensure_ascii=False) and JSON.stringify(…, null, 4) agree on this data
  const prompt = input.num_subjects > 0 ? fusionSystemPrompt(task, JSON.stringify(input, null, 4)) : null
  return { task, input, prompt, camera: cameraSentence(caption.camera_motion) }
}

/**
 * The stored caption: the LLM's text (stripped) and the camera sentence, joined by a space as
 * the original does, so an empty motion leaves a trailing space. Without subjects the original
 * writes its placeholder "-" in place of the LLM's text.
 */
export function finishFusion(plan: FusionPlan, llmText: string | null): string {
  const body = plan.prompt === null ? '-' : (llmText ?? '').trim()
  return `${body} ${plan.camera}`
}

/**
 * A seeded generator per clip and task (mulberry32 seeded from sha256), so augmentation does not
 * depend on the order clips are processed in, on concurrency, or on a resume.
 */
export function augmentRandom(seed: number, clipKey: string, task: FusionTask): Random {
  let state = createHash('sha256').update(`${seed}\0${clipKey}\0${task}`).digest().readUInt32LE(0)
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
