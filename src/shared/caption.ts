import { z } from 'zod'

// Option lists of the SkyCaptioner-V1 structural caption (see struct_prompt.txt).
export const SHOT_TYPES = ['long_shot', 'full_shot', 'medium_shot', 'close_up', 'extreme_close_up', 'other'] as const
export const SHOT_ANGLES = ['eye_level', 'high_angle', 'low_angle', 'other'] as const
export const SHOT_POSITIONS = [
  'front_view',
  'back_view',
  'side_view',
  'over_the_shoulder',
  'overhead_view',
  'point_of_view',
  'aerial_view',
  'overlooking_view',
  'other'
] as const

export const ENUM_FIELDS = {
  shot_type: SHOT_TYPES,
  shot_angle: SHOT_ANGLES,
  shot_position: SHOT_POSITIONS
} as const
export type EnumField = keyof typeof ENUM_FIELDS
export const TEXT_FIELDS = ['camera_motion', 'environment', 'lighting'] as const
export type TextField = (typeof TEXT_FIELDS)[number]
export const SUBJECT_TEXT_FIELDS = ['appearance', 'action', 'expression', 'position'] as const

export const SubjectTypes = z.object({ type: z.string(), sub_type: z.string() })

// Keys are listed in the order the model writes them (every real output in the seed
// test_result.csv): constrained decoding follows this order, and serializeCaption uses it too.
export const Subject = z.object({
  TYPES: SubjectTypes,
  appearance: z.string(),
  action: z.string(),
  expression: z.string(),
  position: z.string(),
  is_main_subject: z.boolean()
})
export type Subject = z.infer<typeof Subject>

export const StructuralCaption = z.object({
  subjects: z.array(Subject),
  shot_type: z.enum(SHOT_TYPES),
  shot_angle: z.enum(SHOT_ANGLES),
  shot_position: z.enum(SHOT_POSITIONS),
  camera_motion: z.string(),
  environment: z.string(),
  lighting: z.string()
})
export type StructuralCaption = z.infer<typeof StructuralCaption>

/** Where a parsed value did not fit the schema; `original` keeps the model's own text. */
export const CaptionProblem = z.object({
  path: z.string(),
  kind: z.enum(['not_json', 'missing', 'wrong_type', 'out_of_options', 'extra_key', 'truncated']),
  message: z.string(),
  original: z.string().optional()
})
export type CaptionProblem = z.infer<typeof CaptionProblem>

export function emptySubject(): Subject {
  return {
    TYPES: { type: '', sub_type: '' },
    appearance: '',
    action: '',
    expression: '',
    position: '',
    is_main_subject: false
  }
}

export function emptyCaption(): StructuralCaption {
  return {
    subjects: [],
    shot_type: 'other',
    shot_angle: 'other',
    shot_position: 'other',
    camera_motion: '',
    environment: '',
    lighting: ''
  }
}

const SUBJECT_KEYS = Object.keys(Subject.shape) as (keyof Subject)[]
const CAPTION_KEYS = Object.keys(StructuralCaption.shape) as (keyof StructuralCaption)[]
const TYPES_KEYS = Object.keys(SubjectTypes.shape) as (keyof Subject['TYPES'])[]

const pick = <T extends object, K extends keyof T>(value: T, keys: K[], map: (key: K) => unknown = (k) => value[k]) =>
  Object.fromEntries(keys.map((k) => [k, map(k)]))

/** Compact JSON in the schema's key order, which is the order the model emits (see Subject). */
export function serializeCaption(caption: StructuralCaption): string {
  const subject = (s: Subject) => pick(s, SUBJECT_KEYS, (k) => (k === 'TYPES' ? pick(s.TYPES, TYPES_KEYS) : s[k]))
  return JSON.stringify(pick(caption, CAPTION_KEYS, (k) => (k === 'subjects' ? caption.subjects.map(subject) : caption[k])))
}
