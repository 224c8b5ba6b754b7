// What a quantisation is asked to do, checked before llama-quantize sees it: the target type, the
// card's "layer bumping" as --tensor-type rules, and the recipe recorded in the file's metadata.
import { createHash } from 'node:crypto'
import { ApiError } from '../../shared/errors'
import type { QuantRecipe } from '../../shared/models'
import type { QuantizeRule } from '../../shared/quantize'

/** Whole-file types llama-quantize makes from a 16-bit GGUF (names as its --help lists them). */
export const QUANT_TYPES = [
  'Q8_0',
  'Q6_K',
  'Q5_K_M',
  'Q5_K_S',
  'Q5_0',
  'Q4_K_M',
  'Q4_K_S',
  'Q4_0',
  'Q3_K_L',
  'Q3_K_M',
  'Q3_K_S',
  'Q2_K',
  'IQ4_XS',
  'IQ3_M',
  'IQ3_S',
  'IQ3_XS',
  'IQ2_M',
  'IQ2_S',
  'IQ2_XS',
  'IQ2_XXS',
  'IQ1_M',
  'IQ1_S'
] as const

/** Below about 3 bits llama-quantize refuses to run without an importance matrix. */
export const NEEDS_IMATRIX = new Set(['IQ2_M', 'IQ2_S', 'IQ2_XS', 'IQ2_XXS', 'IQ1_M', 'IQ1_S', 'Q2_K_S'])

/** Per-tensor ggml types a rule may raise a tensor to. */
export const TENSOR_TYPES = ['f32', 'f16', 'bf16', 'q8_0', 'q6_k', 'q5_k', 'q5_0', 'q5_1', 'q4_k', 'q4_0', 'q4_1', 'q3_k', 'q2_k', 'iq4_nl', 'iq4_xs'] as const

/** Sources: only 16/32-bit files; requantising a quant loses precision twice. */
export const SOURCE_QUANTS = new Set(['F16', 'BF16', 'F32'])

export interface RulePreset {
  id: string
  label: string
  /** One line: what it raises and why. */
  explain: string
  rules: QuantizeRule[]
}

/** The card's layer bumping, as editable starting points. */
export function rulePresets(blocks: number): RulePreset[] {
  const last = Math.max(0, blocks - 1)
  return [
    { id: 'none', label: 'Standard mix', explain: "llama-quantize's own choice per tensor, nothing raised.", rules: [] },
    {
      id: 'attn_v',
      label: 'Bump attn_v',
      explain: 'Attention values to Q8_0: small tensors that quantisation hurts most, for little size.',
      rules: [{ pattern: 'attn_v', type: 'q8_0' }]
    },
    {
      id: 'attn_v_ffn_down',
      label: 'Bump attn_v + ffn_down',
      explain: 'Also the feed-forward output to Q6_K, the other tensor the K-quant mixes already favour.',
      rules: [
        { pattern: 'attn_v', type: 'q8_0' },
        { pattern: 'ffn_down', type: 'q6_k' }
      ]
    },
    {
      id: 'edges',
      label: 'Bump first and last blocks',
      explain: `Blocks 0 and ${last} to Q8_0: errors there reach every later layer or the output directly.`,
      rules: [{ pattern: `blk\\.(0|${last})\\.`, type: 'q8_0' }]
    }
  ]
}

// a regex over tensor names, no spaces or '=' (llama-quantize splits the rule at the first '=')
const PATTERN = /^[A-Za-z0-9_.\\|()[\]^$*+?{},-]{1,100}$/

/** Checks every rule; llama-quantize applies the first pattern that matches a tensor's name. */
export function checkRules(rules: QuantizeRule[]): QuantizeRule[] {
  if (rules.length > 32) throw new ApiError('invalid_input', `At most 32 tensor-type rules, got ${rules.length}`)
  return rules.map((rule, i) => {
    const where = `Rule ${i + 1} (${rule.pattern}=${rule.type})`
    if (!PATTERN.test(rule.pattern))
      throw new ApiError('invalid_input', `${where}: a pattern is a tensor-name regex of letters, digits and . _ \\ | ( ) [ ] ^ $ * + ? { } , -`)
    try {
      new RegExp(rule.pattern)
    } catch {
      throw new ApiError('invalid_input', `${where}: the pattern is not a valid regular expression`)
    }
    const type = rule.type.toLowerCase()
    if (!(TENSOR_TYPES as readonly string[]).includes(type)) throw new ApiError('invalid_input', `${where}: the type must be one of ${TENSOR_TYPES.join(', ')}`)
    return { pattern: rule.pattern.toLowerCase(), type }
  })
}

/** The type a rule set gives a tensor, or null when none matches (llama-quantize's own mix). */
export function ruleTypeFor(rules: QuantizeRule[], tensor: string): string | null {
  return rules.find((r) => new RegExp(r.pattern).test(tensor.toLowerCase()))?.type ?? null
}

export type Recipe = QuantRecipe

/** The recipe as GGUF keys (llama.cpp caps a string override at 127 bytes: one key per rule). */
export function recipeOverrides(recipe: Recipe): string[] {
  const kv = [
    `skycaptioner.quantize.type=str:${recipe.type}`,
    `skycaptioner.quantize.imatrix=str:${recipe.imatrix}`,
    `skycaptioner.quantize.source=str:${recipe.source.slice(0, 127)}`,
    `skycaptioner.quantize.rule_count=int:${recipe.rules.length}`
  ]
  recipe.rules.forEach((r, i) => kv.push(`skycaptioner.quantize.rule.${i}=str:${r.pattern}=${r.type}`))
  return kv
}

/** llama-quantize's arguments; the output goes to a partial name until it is complete. */
export function quantizeArgs(o: { source: string; partial: string; recipe: Recipe; imatrixFile: string | null; threads: number }): string[] {
  const args: string[] = []
  if (o.imatrixFile) args.push('--imatrix', o.imatrixFile)
  for (const r of o.recipe.rules) args.push('--tensor-type', `${r.pattern}=${r.type}`)
  for (const kv of recipeOverrides(o.recipe)) args.push('--override-kv', kv)
  args.push(o.source, o.partial, o.recipe.type, String(o.threads))
  return args
}

/** "[  12/ 339] blk.0.attn_v.weight - ..." → tensors done and total. */
export function parseProgress(line: string): { done: number; total: number } | null {
  const m = /^\[\s*(\d+)\/\s*(\d+)\]/.exec(line)
  return m ? { done: Number(m[1]), total: Number(m[2]) } : null
}

/** A file name for the result: source stem, type, and a short mark for rules and imatrix. */
export function outputName(source: string, recipe: Recipe): string {
  const stem = source.replace(/\.gguf$/i, '').replace(/[-_.](bf16|f16|f32)$/i, '')
  const marks = [recipe.type, recipe.rules.length ? `bump${rulesMark(recipe.rules)}` : '', recipe.imatrix !== 'none' ? 'imat' : ''].filter(Boolean)
  return `${stem}-${marks.join('-')}.gguf`
}

const rulesMark = (rules: QuantizeRule[]) =>
  createHash('sha256')
    .update(rules.map((r) => `${r.pattern}=${r.type}`).join('\n'))
    .digest('hex')
    .slice(0, 6)
