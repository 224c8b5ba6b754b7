// The model manager behind the models.* routes: catalog, fit, import/remove, download, active
// model, and the provenance every pre-label records.
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../shared/errors'
import type { LocalEngine } from '../../shared/jobs'
import type { ActiveModel, Catalog, CatalogEntry, FitInput, FitResult, Hardware, QuantRecipe } from '../../shared/models'
import type { EventBus } from '../events'
import type { Roots } from '../roots/roots'
import { GgufReader, listRepos, localItems, pickMmproj, repositoryItems, downloadPath, type CatalogItem, type RepoListing } from './catalog'
import { downloadFile } from './download'
import { readCpuFeatures } from './cpuFeatures'
import { describeCpuWeights, fitQuant, JOB_PROMPT_TOKENS, jobContext, jobTokens, predictQuant, recommend, type Machine, type MachineSpeeds } from './fit'
import type { HardwareProbe } from './hardware'
import { HashCache } from './hashes'
import { fileUrl, listRepo, parseHfUri } from './hub'
import { readModelSettings, writeModelSettings } from './modelSettings'
import { QWEN25VL_7B, quantOfFileName } from './quants'
import { DEFAULT_GPU_SPEED, defaultCpuSpeed, TYPICAL_OUTPUT_TOKENS } from './speed'

export interface ModelsDeps {
  dataDir: string
  /** Where file hashes are cached; default <dataDir>/cache, the layout under one data folder. */
  cacheDir?: string
  bus: EventBus
  hardware: HardwareProbe
  /** Local models are added and downloads written only inside the models folder. */
  roots: Roots
  /** Mean generated tokens of the project's pre-labels (the speed estimate's output length), null without any. */
  outputTokens?: () => { runs: number; mean: number } | null
}

/** The CPU's figures the user gave (both, or one over the default), else defaults for its features and cores. */
function machineSpeeds(machine: Machine, input: FitInput): MachineSpeeds {
  const fallback = defaultCpuSpeed(machine.cpu, os.availableParallelism())
  const given = input.bandwidthGbs !== undefined || input.computeGflops !== undefined
  const cpu = given
    ? {
        memoryBandwidthGBs: input.bandwidthGbs ?? fallback.memoryBandwidthGBs,
        computeGflops: input.computeGflops ?? fallback.computeGflops,
        source: 'user' as const
      }
    : fallback
  return { cpu, gpu: machine.gpu === 'none' ? null : DEFAULT_GPU_SPEED }
}

/** How long a repository listing is trusted before the hub is asked again. */
const LISTING_TTL_MS = 10 * 60_000

export class ModelsService {
  readonly modelsDir: string
  private readonly reader = new GgufReader()
  readonly hashes: HashCache
  private quants = new Map<string, string | null>()
  private listings: { at: number; repos: string; listings: RepoListing[]; offline: string | null } | null = null

  constructor(private readonly deps: ModelsDeps) {
    this.modelsDir = deps.roots.config.models
    this.hashes = new HashCache(deps.cacheDir ?? path.join(deps.dataDir, 'cache'), () => deps.bus.emit('models.changed', { reason: 'hashed' }))
  }

  hardware(refresh: boolean): Promise<Hardware> {
    return this.deps.hardware.get(refresh)
  }

  repos(): string[] {
    return readModelSettings(this.deps.dataDir).modelRepos
  }

  setRepos(repos: string[]): string[] {
    writeModelSettings(this.deps.dataDir, { modelRepos: [...new Set(repos)] })
    this.listings = null
    return this.repos()
  }

  async catalog(): Promise<Catalog> {
    const { items, offline } = await this.items()
    return { entries: items.map((i) => i.entry), repos: this.repos(), offline }
  }

  async fit(input: FitInput): Promise<FitResult> {
    const hw = await this.deps.hardware.get()
    const whatIf = input.vramGb !== undefined || input.ramGb !== undefined
    const vram = input.vramGb !== undefined ? input.vramGb * 1e9 : hw.vramFree
    // a what-if VRAM on a machine without a GPU means "a machine with a GPU of that size"
    const gpu = input.vramGb !== undefined ? (input.vramGb > 0 ? (hw.gpu === 'none' ? 'cuda' : hw.gpu) : 'none') : hw.gpu
    const machine: Machine = { gpu, vram, ram: input.ramGb !== undefined ? input.ramGb * 1e9 : hw.ramFree, cpu: readCpuFeatures() }
    const job = { contextPerSlot: input.contextPerSlot ?? jobContext(), slots: input.slots ?? 1 }
    const speeds = machineSpeeds(machine, input)
    const measured = this.deps.outputTokens?.() ?? null
    const output = measured
      ? { tokens: Math.round(measured.mean), source: `mean of this project's ${measured.runs} pre-label(s)` }
      : { tokens: TYPICAL_OUTPUT_TOKENS, source: "mean of the fixtures' real outputs" }
    const { items } = await this.items()
    const ranked = items.map((i) => {
      const outcome = fitQuant(i.lm, i.vision, job, machine)
      const params = i.entry.parameters ?? QWEN25VL_7B.parameters
      return {
        id: i.entry.id,
        quant: i.entry.quant,
        rank: i.rank,
        outcome,
        speed: predictQuant(i.lm, i.vision, params, outcome.verdict, speeds, output.tokens)
      }
    })
    const { id, reason } = recommend(ranked, machine)
    return {
      machine: { gpu, vram: machine.vram, ram: machine.ram, whatIf, cpuWeights: describeCpuWeights(machine), speed: speeds },
      job: { ...job, tokensNeeded: jobTokens() * job.slots, promptTokens: JOB_PROMPT_TOKENS, outputTokens: output.tokens, outputSource: output.source },
      rows: ranked.map((r) => ({ entryId: r.id, estimate: r.outcome.estimate, verdict: r.outcome.verdict, speed: r.speed })),
      recommended: id,
      reason
    }
  }

  /** A GGUF's facts, read once per file version. */
  readGguf(file: string): ReturnType<GgufReader['read']> {
    return this.reader.read(file)
  }

  async addLocal(model: string, mmproj?: string, recipe?: QuantRecipe): Promise<CatalogEntry> {
    const file = path.resolve(model)
    const projector = mmproj ? path.resolve(mmproj) : undefined
    for (const p of [file, projector]) if (p) this.deps.roots.resolve('models', p)
    if (!existsSync(file)) throw new ApiError('not_found', `No file at ${file}`)
    const info = await this.reader.read(file).catch((err: Error) => {
      throw new ApiError('invalid_input', err.message)
    })
    if (info.kind !== 'model') throw new ApiError('invalid_input', `${path.basename(file)} is a vision projector (mmproj), not a language model`)
    if (projector && !existsSync(projector)) throw new ApiError('not_found', `No file at ${projector}`)
    if (projector) {
      const mm = await this.reader.read(projector).catch((err: Error) => {
        throw new ApiError('invalid_input', err.message)
      })
      if (mm.kind !== 'mmproj') throw new ApiError('invalid_input', `${path.basename(projector)} is not a vision projector (mmproj)`)
    }
    const locals = readModelSettings(this.deps.dataDir).localModels.filter((l) => l.model !== file)
    writeModelSettings(this.deps.dataDir, { localModels: [...locals, { model: file, mmproj: projector, recipe }] })
    // hash ahead of the first pre-label, which records the checksums
    void this.hashes.ensure(file)
    if (projector) void this.hashes.ensure(projector)
    this.deps.bus.emit('models.changed', { reason: 'added' })
    return this.entry(file)
  }

  /** Local entries leave the list (their files stay); downloaded files are deleted when asked. */
  async remove(entryId: string, deleteFiles: boolean): Promise<{ removed: boolean }> {
    const settings = readModelSettings(this.deps.dataDir)
    const locals = settings.localModels.filter((l) => l.model !== entryId)
    let removed = locals.length !== settings.localModels.length
    if (!removed && deleteFiles) {
      const entry = (await this.items()).items.find((i) => i.entry.id === entryId)?.entry
      if (entry?.model.path) {
        rmSync(entry.model.path, { force: true })
        removed = true
      }
    }
    const active = settings.activeModel?.entryId === entryId ? null : settings.activeModel
    writeModelSettings(this.deps.dataDir, { localModels: locals, activeModel: active })
    if (removed) this.deps.bus.emit('models.changed', { reason: 'removed' })
    return { removed }
  }

  /** Downloads a repository quant (and its mmproj) into <dataDir>/models, with progress events. */
  async download(source: string, withMmproj: boolean): Promise<CatalogEntry> {
    const { repo, file } = parseHfUri(source)
    const listed = await listRepo(repo).catch((err: Error) => {
      throw new ApiError('io_error', err.message)
    })
    const files = [listed.find((f) => f.file === file)]
    if (!files[0]) throw new ApiError('not_found', `${repo} has no file ${file}`)
    const projector = pickMmproj(listed)
    if (withMmproj && projector && !existsSync(downloadPath(this.modelsDir, repo, projector.file))) files.push(projector)
    for (const f of files) {
      const dest = downloadPath(this.modelsDir, repo, f!.file)
      this.deps.roots.resolve('models', dest) // a listed name with ../ in it must not land outside
      const emit = (state: 'downloading' | 'verifying' | 'done' | 'failed', received: number, error: string | null = null) =>
        this.deps.bus.emit('models.download', { file: f!.file, received, total: f!.size, state, error })
      try {
        const done = await downloadFile({
          url: fileUrl({ repo, file: f!.file }),
          dest,
          expectedSize: f!.size,
          expectedSha256: f!.sha256,
          onProgress: (received, total) => emit(received === total ? 'verifying' : 'downloading', received)
        })
        this.hashes.remember(done.path, done.sha256)
        emit('done', done.size)
      } catch (err) {
        emit('failed', 0, (err as Error).message)
        throw new ApiError('io_error', (err as Error).message)
      }
    }
    this.listings = null
    this.deps.bus.emit('models.changed', { reason: 'downloaded' })
    return this.entry(`${repo}/${file}`)
  }

  /** Makes an on-disk entry the active model; the GPU layers default to the fit's verdict. */
  async setActive(input: { entryId: string; contextPerSlot?: number; parallel?: number; gpuLayers?: number | 'auto' }): Promise<ActiveModel> {
    const entry = await this.entry(input.entryId)
    if (!entry.model.path) throw new ApiError('invalid_input', `${entry.model.file} is not on disk yet: download it first`)
    if (!entry.mmproj?.path) throw new ApiError('invalid_input', `${entry.model.file} has no vision projector (mmproj) on disk: add one`)
    const contextPerSlot = input.contextPerSlot ?? jobContext()
    const parallel = input.parallel ?? 1
    let gpuLayers = input.gpuLayers
    if (gpuLayers === undefined) {
      const fit = await this.fit({ contextPerSlot, slots: parallel })
      const verdict = fit.rows.find((r) => r.entryId === entry.id)?.verdict
      gpuLayers = verdict && verdict.kind !== 'wont_fit' ? verdict.gpuLayers : 'auto'
    }
    const active: ActiveModel = {
      entryId: entry.id,
      model: entry.model.path,
      mmproj: entry.mmproj.path,
      quant: entry.quant,
      contextPerSlot,
      parallel,
      gpuLayers
    }
    writeModelSettings(this.deps.dataDir, { activeModel: active })
    // hash now, so the first pre-label already records the checksums
    void this.hashes.ensure(active.model)
    void this.hashes.ensure(active.mmproj)
    this.deps.bus.emit('models.changed', { reason: 'active' })
    return active
  }

  active(): ActiveModel | null {
    return readModelSettings(this.deps.dataDir).activeModel
  }

  /** What a pre-label records about the local model files; a hash still being computed is null. */
  provenance(engine: LocalEngine): Record<string, unknown> {
    const active = this.active()
    const quant = active?.model === engine.model ? active.quant : this.quantOf(engine.model)
    const modelSha256 = this.hashes.cached(engine.model)
    const mmprojSha256 = this.hashes.cached(engine.mmproj)
    // only a file added seconds ago is still being hashed: say so rather than leave a bare null
    if (!modelSha256) void this.hashes.ensure(engine.model)
    if (!mmprojSha256) void this.hashes.ensure(engine.mmproj)
    const pending = !modelSha256 || !mmprojSha256
    return {
      modelFile: path.basename(engine.model),
      quant,
      modelSha256,
      mmprojFile: path.basename(engine.mmproj),
      mmprojSha256,
      ...(pending ? { sha256Pending: true } : {})
    }
  }

  /** The file's own quant type, read in the background the first time (the name may not say). */
  private quantOf(file: string): string | null {
    if (!this.quants.has(file)) {
      this.quants.set(file, quantOfFileName(path.basename(file)))
      this.reader.read(file).then(
        (info) => this.quants.set(file, info.quant),
        () => undefined
      )
    }
    return this.quants.get(file) ?? null
  }

  private async entry(id: string): Promise<CatalogEntry> {
    const found = (await this.items()).items.find((i) => i.entry.id === id)
    if (!found) throw new ApiError('not_found', `No model ${id} in the catalog`)
    return found.entry
  }

  private async items(): Promise<{ items: CatalogItem[]; offline: string | null }> {
    const settings = readModelSettings(this.deps.dataDir)
    const key = settings.modelRepos.join('\n')
    if (!this.listings || this.listings.repos !== key || Date.now() - this.listings.at > LISTING_TTL_MS) {
      const { listings, offline } = await listRepos(settings.modelRepos)
      this.listings = { at: Date.now(), repos: key, listings, offline }
    }
    const repoItems = await repositoryItems(this.listings.listings, this.modelsDir, this.reader)
    const local = await localItems(settings.localModels, this.reader)
    return { items: [...repoItems, ...local], offline: this.listings.offline }
  }
}
