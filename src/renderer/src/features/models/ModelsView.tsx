import { useState, type FormEvent } from 'react'
import type { CatalogEntry } from '../../../../shared/models'
import { api, errorMessage } from '../../api'
import { PickButton } from '../files/PickButton'
import { ggufPick } from '../files/picks'
import { useExamplePath } from '../../lib/hostPaths'
import type { ProjectScope } from '../../lib/projectScope'
import { HardwareSummary } from './HardwareSummary'
import { QuantizePanel } from './QuantizePanel'
import { QuantTable } from './QuantTable'
import { RepoList } from './RepoList'
import { ShootoutEvidence } from './ShootoutEvidence'
import { useModels, type WhatIf } from './useModels'

const PRESETS = [8, 12, 16, 24, 48, 80]

/** Which SkyCaptioner-V1 quant runs on this machine (or another), and why; get it and use it. */
export function ModelsView({ scope }: { scope?: ProjectScope | null }) {
  const example = useExamplePath()
  const [whatIf, setWhatIf] = useState<WhatIf>({ vramGb: '', ramGb: '', bandwidthGbs: '', computeGflops: '' })
  const [importPath, setImportPath] = useState({ model: '', mmproj: '' })
  const m = useModels(whatIf)
  const act = (work: Promise<unknown>) => work.then(m.reload, (err: unknown) => m.setError(errorMessage(err)))

  const onImport = (event: FormEvent) => {
    event.preventDefault()
    act(api.request('models.addLocal', { path: importPath.model.trim(), mmproj: importPath.mmproj.trim() || undefined }))
  }
  const onDownload = (e: CatalogEntry) => act(api.request('models.download', { source: e.id, withMmproj: true }))
  const onUse = (e: CatalogEntry) => act(api.request('models.setActive', { entryId: e.id }))
  const onRemove = (e: CatalogEntry) => {
    const own = e.origin === 'local'
    if (!own && !window.confirm(`Delete ${e.model.file} from the models folder?`)) return
    act(api.request('models.remove', { entryId: e.id, deleteFiles: !own }))
  }

  return (
    <div className="models pad">
      <HardwareSummary hardware={m.hardware} onRefresh={() => m.refreshHardware(true)} />
      {m.error && (
        <div role="alert" className="banner error">
          {m.error}
        </div>
      )}
      {m.catalog?.offline && (
        <div role="status" className="banner info" data-testid="offline">
          {m.catalog.offline}
        </div>
      )}
      <section className="card" aria-label="Active model">
        <h2>Active model</h2>
        {m.active ? (
          <p data-testid="active-model">
            <strong>{m.active.quant}</strong> <span className="path">{m.active.model}</span> · mmproj <span className="path">{m.active.mmproj}</span> · context{' '}
            {m.active.contextPerSlot} × {m.active.parallel} slot(s) · GPU layers {m.active.gpuLayers}
          </p>
        ) : (
          <p className="muted">None yet: download or import a quant and press Use. The Pre-label form starts from it.</p>
        )}
      </section>
      <section className="card" aria-label="Fit">
        <form className="row" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="whatif-vram">What if VRAM (GB)</label>
          <input
            id="whatif-vram"
            type="number"
            min={0}
            step={1}
            className="narrow"
            list="vram-presets"
            value={whatIf.vramGb}
            onChange={(e) => setWhatIf({ ...whatIf, vramGb: e.target.value })}
            placeholder="this GPU"
          />
          <datalist id="vram-presets">
            {PRESETS.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <label htmlFor="whatif-ram">What if RAM (GB)</label>
          <input
            id="whatif-ram"
            type="number"
            min={0}
            step={1}
            className="narrow"
            value={whatIf.ramGb}
            onChange={(e) => setWhatIf({ ...whatIf, ramGb: e.target.value })}
            placeholder="this RAM"
          />
          <label htmlFor="whatif-bandwidth">Memory bandwidth (GB/s)</label>
          <input
            id="whatif-bandwidth"
            type="number"
            min={0.1}
            step="any"
            className="narrow"
            value={whatIf.bandwidthGbs}
            onChange={(e) => setWhatIf({ ...whatIf, bandwidthGbs: e.target.value })}
            placeholder={m.fit ? String(m.fit.machine.speed.cpu.memoryBandwidthGBs) : ''}
          />
          <label htmlFor="whatif-compute">Compute (GFLOP/s)</label>
          <input
            id="whatif-compute"
            type="number"
            min={1}
            step="any"
            className="narrow"
            value={whatIf.computeGflops}
            onChange={(e) => setWhatIf({ ...whatIf, computeGflops: e.target.value })}
            placeholder={m.fit ? String(m.fit.machine.speed.cpu.computeGflops) : ''}
          />
          {m.fit && (
            <span className="muted">
              Job: {m.fit.job.tokensNeeded} tokens per clip → context {m.fit.job.contextPerSlot} × {m.fit.job.slots} slot(s)
              {m.fit.machine.whatIf ? ' · what-if machine' : ''}
            </span>
          )}
        </form>
        {m.fit && (
          <p data-testid="recommendation" className="recommendation">
            {m.fit.reason}
          </p>
        )}
        {scope && <ShootoutEvidence key={scope.project} scope={scope} />}
        {m.fit && (
          <p data-testid="speed-figures" className="muted">
            Speed per clip: {m.fit.job.promptTokens} prompt tokens (vision + instruction) and {m.fit.job.outputTokens} generated ({m.fit.job.outputSource}); CPU{' '}
            {m.fit.machine.speed.cpu.memoryBandwidthGBs} GB/s, {m.fit.machine.speed.cpu.computeGflops} GFLOP/s (
            {m.fit.machine.speed.cpu.source === 'user' ? 'your figures' : 'defaults for this CPU: enter your own for a better estimate'})
            {m.fit.machine.speed.gpu &&
              `; GPU ${m.fit.machine.speed.gpu.memoryBandwidthGBs} GB/s, ${m.fit.machine.speed.gpu.computeGflops} GFLOP/s (${m.fit.machine.speed.gpu.source === 'default' ? 'a mid-range GPU' : m.fit.machine.speed.gpu.source})`}
            .
          </p>
        )}
        {m.fit && (
          <p data-testid="cpu-weights" className="muted">
            {m.fit.machine.cpuWeights}
          </p>
        )}
        {m.catalog && m.fit && (
          <QuantTable
            entries={m.catalog.entries}
            rows={m.fit.rows}
            recommended={m.fit.recommended}
            active={m.active}
            downloads={m.downloads}
            onDownload={onDownload}
            onUse={onUse}
            onRemove={onRemove}
          />
        )}
      </section>
      {m.catalog && <QuantizePanel entries={m.catalog.entries} onMade={m.reload} />}
      <RepoList onSaved={m.reload} />
      <section className="card" aria-label="Import">
        <h2>Import a local GGUF</h2>
        <form className="row" onSubmit={onImport}>
          <label htmlFor="import-model">Model file</label>
          <input
            id="import-model"
            className="grow"
            spellCheck={false}
            value={importPath.model}
            placeholder={example('models', 'SkyCaptioner-V1-q4_k_m.gguf')}
            onChange={(e) => setImportPath({ ...importPath, model: e.target.value })}
          />
          <PickButton text="Choose…" request={ggufPick('Import a GGUF model')} onPick={(model) => setImportPath({ ...importPath, model })} />
          <label htmlFor="import-mmproj">mmproj file</label>
          <input
            id="import-mmproj"
            className="grow"
            spellCheck={false}
            value={importPath.mmproj}
            placeholder={example('models', 'mmproj-f16.gguf')}
            onChange={(e) => setImportPath({ ...importPath, mmproj: e.target.value })}
          />
          <PickButton text="Choose…" request={ggufPick('Its vision projector (mmproj GGUF)')} onPick={(mmproj) => setImportPath({ ...importPath, mmproj })} />
          <button type="submit" disabled={!importPath.model.trim()}>
            Import
          </button>
        </form>
      </section>
    </div>
  )
}
