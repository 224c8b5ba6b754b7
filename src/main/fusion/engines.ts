import fs from 'node:fs'
import type { FusionEngine } from '../../shared/output'
import { ApiError } from '../../shared/errors'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import type { Roots } from '../roots/roots'
import { remoteFusionLlm, type FusionLlm } from './llm'
import { LocalFusionLlm } from './localLlm'

interface Loading {
  key: string
  llm: Promise<LocalFusionLlm>
  loaded: boolean
}

/** Keeps one local fusion model loaded across jobs (loading is the slow part) and builds remote ones. */
export class FusionEngines {
  private local: Loading | null = null

  /** A local model must be inside the models folder; endpoints must pass the operator's policy. */
  constructor(
    private readonly roots: Roots,
    private readonly policy?: EndpointPolicy
  ) {}

  /** Fails now, not in the background, when the engine cannot work at all. */
  check(engine: FusionEngine): void {
    if (engine.local) this.roots.resolve('models', engine.local.model)
    if (engine.local && !fs.existsSync(engine.local.model)) {
      throw new ApiError('not_found', `No model file at ${engine.local.model}: give the path of an instruct GGUF (e.g. a Qwen2.5-Instruct quant)`)
    }
  }

  /** Refuses, naming the rule, endpoints the operator's policy does not accept. */
  async admit(engine: FusionEngine): Promise<void> {
    for (const endpoint of engine.endpoints) await this.policy?.admit(endpoint.url)
  }

  get(engine: FusionEngine): Promise<FusionLlm> {
    if (!engine.local) return Promise.resolve(remoteFusionLlm(engine.endpoints, this.policy))
    const { model, contextSize, parallel, gpuLayers, threads } = engine.local
    const key = JSON.stringify([model, contextSize, parallel, gpuLayers, threads])
    if (this.local?.key !== key) {
      // a loaded model is freed before the next loads; a load that never ends (a cancelled job's) is not waited for
      const freed = this.release(this.local)
      const llm = freed.then(() => LocalFusionLlm.load(engine.local!))
      llm.catch(() => this.local?.llm === llm && (this.local = null))
      const entry: Loading = { key, llm, loaded: false }
      llm.then(
        () => (entry.loaded = true),
        () => undefined
      )
      this.local = entry
    }
    return this.local.llm
  }

  async close(): Promise<void> {
    const current = this.local
    this.local = null
    await this.release(current)
  }

  /** Disposes a model now if it is loaded, otherwise once (if ever) its load ends. */
  private release(entry: Loading | null): Promise<void> {
    if (!entry) return Promise.resolve()
    const disposed = entry.llm.then(
      (llm) => llm.dispose(),
      () => undefined
    )
    return entry.loaded ? disposed : Promise.resolve()
  }
}
