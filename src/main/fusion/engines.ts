import fs from 'node:fs'
import type { FusionEngine } from '../../shared/output'
import { ApiError } from '../../shared/errors'
import type { Roots } from '../roots/roots'
import { remoteFusionLlm, type FusionLlm } from './llm'
import { LocalFusionLlm } from './localLlm'

/** Keeps one local fusion model loaded across jobs (loading is the slow part) and builds remote ones. */
export class FusionEngines {
  private local: { key: string; llm: Promise<LocalFusionLlm> } | null = null

  /** A local model must be inside the models folder. */
  constructor(private readonly roots: Roots) {}

  /** Fails now, not in the background, when the engine cannot work at all. */
  check(engine: FusionEngine): void {
    if (engine.local) this.roots.resolve('models', engine.local.model)
    if (engine.local && !fs.existsSync(engine.local.model)) {
      throw new ApiError('not_found', `No model file at ${engine.local.model}: give the path of an instruct GGUF (e.g. a Qwen2.5-Instruct quant)`)
    }
  }

  get(engine: FusionEngine): Promise<FusionLlm> {
    if (!engine.local) return Promise.resolve(remoteFusionLlm(engine.endpoints))
    const { model, contextSize, parallel, gpuLayers, threads } = engine.local
    const key = JSON.stringify([model, contextSize, parallel, gpuLayers, threads])
    if (this.local?.key !== key) {
      const previous = this.local?.llm
      const llm = (
        previous
          ? previous.then(
              (p) => p.dispose(),
              () => undefined
            )
          : Promise.resolve()
      ).then(() => LocalFusionLlm.load(engine.local!))
      llm.catch(() => this.local?.llm === llm && (this.local = null))
      this.local = { key, llm }
    }
    return this.local.llm
  }

  async close(): Promise<void> {
    const current = this.local
    this.local = null
    if (current)
      await current.llm.then(
        (llm) => llm.dispose(),
        () => undefined
      )
  }
}
