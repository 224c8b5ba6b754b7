import { z } from 'zod'

export const QuantizeRule = z.object({ pattern: z.string().min(1).max(100), type: z.string().min(1).max(16) })
export type QuantizeRule = z.infer<typeof QuantizeRule>

/** Make a quant from a 16-bit GGUF in the models folder. */
export const QuantizeInput = z.object({
  source: z.string().min(1),
  type: z.string().min(1),
  rules: z.array(QuantizeRule).max(32).default([]),
  /** An importance matrix file, or a calibration text to compute one from (both inside the roots). */
  imatrix: z.string().min(1).optional(),
  calibration: z.string().min(1).optional(),
  /** The vision projector to pair the result with in the catalog. */
  mmproj: z.string().min(1).optional()
})
export type QuantizeInput = z.input<typeof QuantizeInput>

export const QuantizeProgress = z.object({
  output: z.string(),
  stage: z.enum(['imatrix', 'quantizing', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable()
})
export type QuantizeProgress = z.infer<typeof QuantizeProgress>

export const RulePreset = z.object({ id: z.string(), label: z.string(), explain: z.string(), rules: z.array(QuantizeRule) })

export const QuantizeOptions = z.object({
  types: z.array(z.string()),
  tensorTypes: z.array(z.string()),
  presets: z.array(RulePreset),
  problem: z.string().nullable()
})
export type QuantizeOptions = z.infer<typeof QuantizeOptions>
