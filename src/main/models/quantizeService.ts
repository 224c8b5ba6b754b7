// Runs llama-imatrix and llama-quantize on a 16-bit GGUF of the models folder, one at a time (it
// uses every core), with progress events and cancel; the finished file joins the catalog.
import type { ChildProcess } from 'node:child_process'
import { existsSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../shared/errors'
import type { CatalogEntry } from '../../shared/models'
import { QuantizeInput, type QuantizeOptions, type QuantizeProgress } from '../../shared/quantize'
import type { EventBus } from '../events'
import type { ProcessManager } from '../processes'
import type { Roots } from '../roots/roots'
import type { ModelsService } from './modelsService'
import {
  NEEDS_IMATRIX,
  QUANT_TYPES,
  SOURCE_QUANTS,
  TENSOR_TYPES,
  checkRules,
  outputName,
  parseProgress,
  quantizeArgs,
  rulePresets,
  type Recipe
} from './quantize'
import { findQuantTool } from './quantizeTools'

export interface QuantizeDeps {
  models: ModelsService
  processes: ProcessManager
  roots: Roots
  bus: EventBus
  /** The llama-server setting: its folder is searched for the quant tools first. */
  llamaServer?: string
}

interface Running {
  output: string
  child: ChildProcess | null
  cancelled: boolean
}

export class QuantizeService {
  private running: Running | null = null
  private busy: string | null = null

  constructor(private readonly deps: QuantizeDeps) {}

  options(blocks = 28): QuantizeOptions {
    const tool = findQuantTool('llama-quantize', this.deps.llamaServer)
    return { types: [...QUANT_TYPES], tensorTypes: [...TENSOR_TYPES], presets: rulePresets(blocks), problem: tool.problem }
  }

  /** Makes the quant and adds it to the catalog; resolves once the file is complete. */
  async quantize(raw: QuantizeInput): Promise<CatalogEntry> {
    const input = QuantizeInput.parse(raw)
    if (this.busy) throw new ApiError('conflict', `${this.busy} is being made; wait for it or cancel it`)
    this.busy = path.basename(input.source) // taken before the first await: two requests cannot both pass
    try {
      return await this.make(input)
    } finally {
      this.busy = null
    }
  }

  private async make(input: ReturnType<typeof QuantizeInput.parse>): Promise<CatalogEntry> {
    const { roots, models } = this.deps
    const source = roots.resolve('models', input.source)
    if (!existsSync(source)) throw new ApiError('not_found', `No file ${path.basename(source)} in the models folder`)
    const info = await models.readGguf(source).catch((err: Error) => {
      throw new ApiError('invalid_input', err.message)
    })
    if (info.kind !== 'model') throw new ApiError('invalid_input', `${path.basename(source)} is a vision projector (mmproj), not a language model`)
    if (!SOURCE_QUANTS.has(info.quant)) throw new ApiError('invalid_input', `${path.basename(source)} is ${info.quant}: quantise from an F16, BF16 or F32 file`)
    const type = input.type.toUpperCase()
    if (!(QUANT_TYPES as readonly string[]).includes(type))
      throw new ApiError('invalid_input', `Unknown quant type ${input.type}; one of ${QUANT_TYPES.join(', ')}`)
    if (input.imatrix && input.calibration) throw new ApiError('invalid_input', 'Give an importance matrix or a calibration text, not both')
    if (NEEDS_IMATRIX.has(type) && !input.imatrix && !input.calibration)
      throw new ApiError('invalid_input', `${type} needs an importance matrix: give one or a calibration text`)
    const rules = checkRules(input.rules)
    const imatrixGiven = input.imatrix ? this.readable(input.imatrix, 'importance matrix') : null
    const calibration = input.calibration ? this.readable(input.calibration, 'calibration text') : null
    const mmproj = input.mmproj ? await this.projector(input.mmproj) : undefined
    const recipe: Recipe = { type, rules, imatrix: imatrixGiven ? 'given' : calibration ? 'computed' : 'none', source: path.basename(source) }
    const output = path.join(path.dirname(source), outputName(path.basename(source), recipe))
    if (existsSync(output)) throw new ApiError('conflict', `${path.basename(output)} already exists; remove it to make it again`)
    const quantizeTool = this.tool('llama-quantize')
    const run: Running = { output, child: null, cancelled: false }
    this.running = run
    this.busy = path.basename(output)
    const partial = `${output}.partial`
    const emit = (stage: QuantizeProgress['stage'], done = 0, total = 0, error: string | null = null) =>
      this.deps.bus.emit('models.quantize', { output: path.basename(output), stage, done, total, error })
    try {
      let imatrixFile = imatrixGiven
      if (calibration) {
        emit('imatrix')
        imatrixFile = output.replace(/\.gguf$/, '.imatrix.gguf')
        const args = ['-m', source, '-f', calibration, '-o', imatrixFile, '--no-ppl', '-t', String(os.availableParallelism())]
        await this.exec(run, this.tool('llama-imatrix'), args, () => undefined, imatrixProblem).catch((err) => {
          rmSync(imatrixFile!, { force: true }) // it saves as it goes: a stopped run leaves half a matrix
          throw err
        })
      }
      emit('quantizing')
      const args = quantizeArgs({ source, partial, recipe, imatrixFile, threads: os.availableParallelism() })
      await this.exec(run, quantizeTool, args, (line) => {
        const p = parseProgress(line)
        if (p) emit('quantizing', p.done, p.total)
      })
      renameSync(partial, output)
      emit('done')
    } catch (err) {
      rmSync(partial, { force: true })
      if (run.cancelled) {
        emit('cancelled')
        throw new ApiError('conflict', `Making ${path.basename(output)} was cancelled`)
      }
      emit('failed', 0, 0, (err as Error).message)
      throw err instanceof ApiError ? err : new ApiError('io_error', (err as Error).message)
    } finally {
      this.running = null
    }
    return models.addLocal(output, mmproj, recipe)
  }

  /** Stops the running quantisation; its partial file is removed. */
  cancel(): { cancelled: boolean } {
    const run = this.running
    if (!run) return { cancelled: false }
    run.cancelled = true
    run.child?.kill('SIGTERM')
    return { cancelled: true }
  }

  /** Checked before the work, so a finished quant is never left out of the catalog by a bad pairing. */
  private async projector(p: string): Promise<string> {
    const file = this.deps.roots.resolve('models', p)
    if (!existsSync(file)) throw new ApiError('not_found', `No vision projector ${path.basename(file)}`)
    const info = await this.deps.models.readGguf(file).catch((err: Error) => {
      throw new ApiError('invalid_input', err.message)
    })
    if (info.kind !== 'mmproj') throw new ApiError('invalid_input', `${path.basename(file)} is not a vision projector (mmproj)`)
    return file
  }

  private readable(p: string, what: string): string {
    const { roots } = this.deps
    const real = roots.inside('models', p) ?? roots.inside('media', p)
    if (!real) throw new ApiError('forbidden', `The ${what} ${path.basename(p)} is outside the ${roots.describe('models')} and the media roots`)
    if (!existsSync(real)) throw new ApiError('not_found', `No ${what} ${path.basename(p)}`)
    return real
  }

  private tool(name: 'llama-quantize' | 'llama-imatrix'): string {
    const found = findQuantTool(name, this.deps.llamaServer)
    if (!found.path) throw new ApiError('invalid_input', found.problem ?? `${name} not found`)
    return found.path
  }

  /** Runs a tool, feeding its output lines to onLine; a failure names the tool and its last lines. */
  private exec(run: Running, tool: string, args: string[], onLine: (line: string) => void, explain = toolProblem): Promise<void> {
    return new Promise((resolve, reject) => {
      if (run.cancelled) return reject(new Error('cancelled'))
      const child = this.deps.processes.spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], tether: true })
      run.child = child
      let tail = ''
      let partLine = ''
      const read = (chunk: Buffer) => {
        const text = partLine + chunk.toString('utf8')
        const lines = text.split('\n')
        partLine = lines.pop() ?? ''
        for (const line of lines) {
          onLine(line)
          tail = (tail + line + '\n').slice(-4000)
        }
      }
      child.stdout?.on('data', read)
      child.stderr?.on('data', read)
      child.once('error', reject)
      child.once('close', (code, signal) => {
        run.child = null
        if (code === 0) return resolve()
        const name = path.basename(tool)
        const why = explain(tail) ?? toolProblem(tail)
        reject(new Error(signal ? `${name} was stopped (${signal})` : `${name} failed (exit ${code}): ${why}`))
      })
    })
  }
}

/** The tool's own error lines only: the rest of its output may quote the files it read. */
function toolProblem(tail: string): string {
  const lines = tail.split('\n').filter((l) => /error|failed|invalid|cannot|unable/i.test(l))
  return lines.slice(-2).join(' | ').slice(0, 300) || 'see the studio log'
}

function imatrixProblem(tail: string): string {
  const m = /you need at least (\d+) tokens/.exec(tail)
  return m ? `the calibration text is too short: llama-imatrix needs at least ${m[1]} tokens of it` : 'llama-imatrix could not compute the matrix'
}
