import path from 'node:path'
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp'
import type { LocalFusionModel } from '../../shared/output'
import { checkGgufFiles } from '../models/ggufHeader'
import { quantOf } from '../report/sources'
import type { CompleteOptions, Completion, FusionLlm } from './llm'
import { FUSION_SAMPLING } from './prompts'
import { nodeLlamaSampling } from '../inference/sampling'

type NodeLlama = typeof import('node-llama-cpp')

let runtime: Promise<{ lib: NodeLlama; llama: Llama }> | null = null

/** One llama.cpp runtime per process, loaded on first use (the import and binding cost ~0.5 s). */
function loadRuntime(): Promise<{ lib: NodeLlama; llama: Llama }> {
  runtime ??= (async () => {
    const lib = await import('node-llama-cpp')
    const llama = await lib.getLlama({ gpu: 'auto', logLevel: lib.LlamaLogLevel.error })
    return { lib, llama }
  })()
  runtime.catch(() => (runtime = null))
  return runtime
}

/**
 * An instruct GGUF run in-process on llama.cpp through node-llama-cpp, with the model's own chat
 * template: the system message alone, then the assistant turn, as the original's
 * apply_chat_template(add_generation_prompt=True) renders it.
 */
export class LocalFusionLlm implements FusionLlm {
  readonly capacity: number
  readonly provenance: FusionLlm['provenance']
  private free: LlamaContextSequence[]
  private waiting: ((seq: LlamaContextSequence) => void)[] = []

  private constructor(
    private readonly lib: NodeLlama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    config: LocalFusionModel
  ) {
    this.capacity = config.parallel
    this.free = Array.from({ length: config.parallel }, () => context.getSequence())
    const file = path.basename(config.model)
    const wrapper = lib.resolveChatWrapper(model).wrapperName
    this.provenance = {
      label: `${file} (node-llama-cpp)`,
      details: {
        engine: 'node-llama-cpp',
        model: config.model,
        quant: quantOf(file),
        chatWrapper: wrapper,
        contextSize: context.contextSize,
        gpuLayers: model.gpuLayers
      }
    }
  }

  static async load(config: LocalFusionModel): Promise<LocalFusionLlm> {
    // llama.cpp parses the header natively, in this process: refuse a crafted one first
    await checkGgufFiles(config.model)
    const { lib, llama } = await loadRuntime()
    const model = await llama.loadModel({ modelPath: config.model, gpuLayers: config.gpuLayers === 'auto' ? 'auto' : config.gpuLayers })
    try {
      const context = await model.createContext({ contextSize: config.contextSize, sequences: config.parallel, threads: config.threads })
      return new LocalFusionLlm(lib, model, context, config)
    } catch (err) {
      await model.dispose()
      throw err
    }
  }

  async complete(system: string, opts: CompleteOptions): Promise<Completion> {
    const sequence = await this.acquire()
    const chat = new this.lib.LlamaChat({ contextSequence: sequence, chatWrapper: this.lib.resolveChatWrapper(this.model) })
    const started = performance.now()
    try {
      const sampling = nodeLlamaSampling({ temperature: FUSION_SAMPLING.temperature, maxTokens: opts.maxTokens, stop: FUSION_SAMPLING.stop, seed: opts.seed })
      const result = await chat.generateResponse(
        [
          { type: 'system', text: system },
          { type: 'model', response: [] }
        ],
        { ...sampling, signal: opts.signal }
      )
      return { text: result.response, details: { stopReason: result.metadata.stopReason, ms: Math.round(performance.now() - started) } }
    } finally {
      chat.dispose({ disposeSequence: false })
      this.release(sequence)
    }
  }

  async dispose(): Promise<void> {
    await this.context.dispose()
    await this.model.dispose()
  }

  private acquire(): Promise<LlamaContextSequence> {
    const seq = this.free.pop()
    return seq ? Promise.resolve(seq) : new Promise((resolve) => this.waiting.push(resolve))
  }

  private release(seq: LlamaContextSequence): void {
    const next = this.waiting.shift()
    if (next) next(seq)
    else this.free.push(seq)
  }
}
