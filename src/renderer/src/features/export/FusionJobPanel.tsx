import { useState, type FormEvent } from 'react'
import type { FusionStart, FusionTask } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { JobList, useJobs } from '../jobs/useJobs'
import { loadSaved, save } from '../../lib/storage'
import { useProjectScope } from '../../lib/projectContext'
import { PickButton } from '../files/PickButton'
import { ggufPick } from '../files/picks'
import { useExamplePath } from '../../lib/hostPaths'

type Scope = FusionStart['scope']
interface Form {
  model: string
  endpoint: string
  servedModel: string
  scope: Scope
  t2v: boolean
  i2v: boolean
  augmentSeed: string
  maxTokens: string
}
const KEY = 'studio.fusion'
const DEFAULTS: Form = { model: '', endpoint: '', servedModel: '', scope: 'missing', t2v: true, i2v: true, augmentSeed: '', maxTokens: '512' }

/** Starts fusion jobs (T2V / I2V prose from the captions) on a local instruct GGUF or an endpoint, and follows them. */
export function FusionJobPanel() {
  const example = useExamplePath()
  const project = useProjectScope()
  const [form, setForm] = useState<Form>(() => loadSaved(KEY, DEFAULTS))
  const { jobs, upsert, act, error, setError } = useJobs(3, 'fusion')

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value })
  const tasks = (['t2v', 'i2v'] as FusionTask[]).filter((t) => form[t])

  async function start(event: FormEvent): Promise<void> {
    event.preventDefault()
    setError(null)
    save(KEY, form)
    const model = form.model.trim()
    const maxTokens = Number(form.maxTokens) || 512
    const engine = model
      ? { local: { model }, maxTokens }
      : { endpoints: [{ url: form.endpoint.trim(), model: form.servedModel.trim() || undefined }], maxTokens }
    const seed = form.augmentSeed.trim()
    try {
      upsert(await project.request('fusion.start', { scope: form.scope, tasks, engine, augmentSeed: seed ? Number(seed) : null }))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  return (
    <section className="card" aria-label="Caption fusion">
      <h2>Fuse T2V / I2V captions</h2>
      <p className="muted small">
        The original SkyReels-V2 fusion: an instruct LLM turns each structural caption into prose; clips without subjects skip the LLM.
      </p>
      <form onSubmit={(e) => void start(e)}>
        <div className="row">
          <label htmlFor="fu-model">Instruct model (GGUF)</label>
          <input
            id="fu-model"
            className="grow"
            placeholder={example('models', 'Qwen2.5-7B-Instruct-Q4_K_M.gguf')}
            spellCheck={false}
            value={form.model}
            onChange={(e) => set('model', e.target.value)}
          />
          <PickButton text="Choose…" request={ggufPick('Instruct model for fusion (GGUF)')} onPick={(model) => set('model', model)} />
        </div>
        <div className="row">
          <label htmlFor="fu-endpoint">or endpoint</label>
          <input
            id="fu-endpoint"
            className="grow"
            placeholder="http://gpu-box:8000 (vLLM, llama-server)"
            spellCheck={false}
            value={form.endpoint}
            disabled={!!form.model.trim()}
            onChange={(e) => set('endpoint', e.target.value)}
          />
          <label htmlFor="fu-served">served model</label>
          <input
            id="fu-served"
            placeholder="Qwen2.5-32B-Instruct"
            spellCheck={false}
            value={form.servedModel}
            disabled={!!form.model.trim()}
            onChange={(e) => set('servedModel', e.target.value)}
          />
        </div>
        <div className="row">
          <label htmlFor="fu-scope">Clips to fuse</label>
          <select id="fu-scope" value={form.scope} onChange={(e) => set('scope', e.target.value as Scope)}>
            <option value="missing">Approved clips without fusion captions</option>
            <option value="approved">All approved clips</option>
            <option value="all">Every clip with a caption</option>
          </select>
          <label className="check">
            <input type="checkbox" checked={form.t2v} onChange={(e) => set('t2v', e.target.checked)} /> T2V
          </label>
          <label className="check">
            <input type="checkbox" checked={form.i2v} onChange={(e) => set('i2v', e.target.checked)} /> I2V
          </label>
          <label htmlFor="fu-seed">Augmentation seed</label>
          <input
            id="fu-seed"
            className="narrow"
            placeholder="off"
            inputMode="numeric"
            value={form.augmentSeed}
            onChange={(e) => set('augmentSeed', e.target.value.replace(/\D/g, ''))}
          />
          <label htmlFor="fu-max">Max new tokens</label>
          <input id="fu-max" type="number" min={1} max={4096} className="narrow" value={form.maxTokens} onChange={(e) => set('maxTokens', e.target.value)} />
          <button type="submit" disabled={tasks.length === 0 || (!form.model.trim() && !form.endpoint.trim())}>
            Fuse
          </button>
        </div>
      </form>
      <JobList jobs={jobs} act={act} error={error} />
    </section>
  )
}
