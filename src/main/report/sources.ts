import path from 'node:path'

const QUANT = /^(?:(?:bf16|f16)_q\d_\w+|i?q\d(?:_[a-z0-9]+)+|bf16|f16|f32)$/i

/** The quant in a GGUF file name (…-Q4_K_M.gguf, …-IQ3_XS.gguf, ….bf16_q8_0.gguf, …-F16.gguf), or null. */
export function quantOf(name: string): string | null {
  const parts = (name.split(/[\\/]/).pop() ?? '').replace(/\.gguf$/i, '').split(/[-.]/)
  const found = parts.reverse().find((p) => QUANT.test(p))
  return found ? found.toUpperCase() : null
}

export interface SourceInfo {
  label: string
  kind: string
  /** Model file name or served model name, when the source says. */
  model: string | null
  quant: string | null
}

/** Who made a pre-label, from its stored source JSON: label, kind, model and quant. */
export function describeSource(sourceJson: string | null): SourceInfo {
  if (!sourceJson) return { label: 'none', kind: 'none', model: null, quant: null }
  let source: { label?: unknown; kind?: unknown; details?: Record<string, unknown> }
  try {
    source = JSON.parse(sourceJson)
  } catch {
    return { label: 'unreadable source', kind: 'unknown', model: null, quant: null }
  }
  const details = source.details ?? {}
  const file = typeof details.model === 'string' ? path.basename(details.model) : typeof details.servedModel === 'string' ? details.servedModel : null
  const label = typeof source.label === 'string' ? source.label : 'unnamed source'
  return { label, kind: typeof source.kind === 'string' ? source.kind : 'unknown', model: file, quant: quantOf(file ?? label) }
}
