import type { EngineConfig } from '../../../../shared/jobs'
import type { ActiveModel } from '../../../../shared/models'
import { loadSaved, save } from '../../lib/storage'

/** What the Pre-label form remembers between sessions (per machine, in localStorage). */
export interface EngineForm {
  model: string
  mmproj: string
  contextPerSlot: string
  parallel: string
  gpuLayers: string
  endpoints: string
  concurrency: string
  /** The endpoints' served model name (vLLM's --served-model-name); empty sends the default. */
  servedModel: string
  /** 'off' skips the endpoints' check with a known clip (only for servers that report no token usage). */
  endpointCheck: 'on' | 'off'
  maxTokens: string
  /** Alternatives per token kept for per-field confidence; 0 collects none. */
  topLogprobs: string
}

const KEY = 'studio.engine'
const DEFAULT_FORM: EngineForm = {
  model: '',
  mmproj: '',
  contextPerSlot: '8192',
  parallel: '1',
  gpuLayers: 'auto',
  endpoints: '',
  concurrency: '4',
  servedModel: '',
  endpointCheck: 'on',
  maxTokens: '2048',
  topLogprobs: '5'
}

export function loadForm(): EngineForm {
  return loadSaved(KEY, DEFAULT_FORM)
}

export function saveForm(form: EngineForm): void {
  save(KEY, form)
}

/** The form as the contract's engine config; the router validates the numbers again. */
export function toEngineConfig(form: EngineForm): EngineConfig {
  const urls = form.endpoints
    .split(/[\s,]+/)
    .map((u) => u.trim())
    .filter(Boolean)
  const local = form.model.trim()
    ? {
        model: form.model.trim(),
        mmproj: form.mmproj.trim(),
        contextPerSlot: Number(form.contextPerSlot),
        parallel: Number(form.parallel),
        gpuLayers: form.gpuLayers.trim() === 'auto' ? ('auto' as const) : Number(form.gpuLayers),
        timeoutMs: 600_000
      }
    : undefined
  return {
    local,
    endpoints: urls.map((url) => ({
      url,
      concurrency: Number(form.concurrency),
      timeoutMs: 300_000,
      retries: 2,
      check: form.endpointCheck !== 'off',
      ...(form.servedModel.trim() ? { model: form.servedModel.trim() } : {})
    })),
    maxTokens: Number(form.maxTokens),
    topLogprobs: Number(form.topLogprobs)
  }
}

/** The form with the Models screen's active model and its configuration filled in. */
export function withActiveModel(form: EngineForm, active: ActiveModel | null): EngineForm {
  if (!active) return form
  return {
    ...form,
    model: active.model,
    mmproj: active.mmproj,
    contextPerSlot: String(active.contextPerSlot),
    parallel: String(active.parallel),
    gpuLayers: String(active.gpuLayers)
  }
}
