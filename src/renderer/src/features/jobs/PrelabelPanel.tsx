import { useEffect, useState, type FormEvent } from 'react'
import { api, errorMessage } from '../../api'
import { JobList, useJobs } from './useJobs'
import { loadForm, saveForm, toEngineConfig, withActiveModel, type EngineForm } from './engineSettings'
import { useProjectScope } from '../../lib/projectContext'
import { PickButton } from '../files/PickButton'
import { ggufPick } from '../files/picks'
import { useExamplePath } from '../../lib/hostPaths'

type Scope = 'unlabeled' | 'all' | 'selected'
type Props = { selected: number[] }

/** Starts pre-label jobs on a local GGUF model or remote endpoints, and follows their progress. */
export function PrelabelPanel({ selected }: Props) {
  const project = useProjectScope()
  const example = useExamplePath()
  const [form, setForm] = useState<EngineForm>(loadForm)
  const [scope, setScope] = useState<Scope>('unlabeled')
  const { jobs, upsert, act, error, setError } = useJobs(5)
  const [engineProblem, setEngineProblem] = useState<string | null>(null)
  // the host operator's endpoints; `only`: the host accepts no other
  const [configured, setConfigured] = useState<{ urls: string[]; only: boolean }>({ urls: [], only: false })
  const [starting, setStarting] = useState(false)

  useEffect(() => {
    api.request('engine.status', {}).then(
      (s) => {
        setEngineProblem(s.problem)
        setConfigured({ urls: s.endpoints.configured, only: s.endpoints.onlyConfigured })
      },
      () => undefined
    )
    // the model chosen on the Models screen is what a job runs unless the form is changed here
    api.request('models.active', {}).then(
      (active) => setForm((f) => withActiveModel(f, active)),
      () => undefined
    )
  }, [])

  const field = (key: Exclude<keyof EngineForm, 'endpointCheck'>) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value })
  })

  function addEndpoint(url: string): void {
    const urls = form.endpoints.split(/[\s,]+/).filter(Boolean)
    if (url && !urls.includes(url)) setForm({ ...form, endpoints: [...urls, url].join(' ') })
  }

  async function start(event: FormEvent): Promise<void> {
    event.preventDefault()
    setError(null)
    setStarting(true)
    saveForm(form)
    try {
      upsert(await project.request('prelabel.start', { scope, clipIds: scope === 'selected' ? selected : [], engine: toEngineConfig(form) }))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setStarting(false)
    }
  }

  return (
    <section className="card prelabel" aria-label="Pre-label">
      <form onSubmit={(e) => void start(e)}>
        <div className="row">
          <label htmlFor="pl-model">Model file</label>
          <input id="pl-model" className="grow" placeholder={example('models', 'SkyCaptioner-V1-Q4_K_M.gguf')} spellCheck={false} {...field('model')} />
          <PickButton text="Choose…" request={ggufPick('SkyCaptioner-V1 model (GGUF)')} onPick={(model) => setForm({ ...form, model })} />
          <label htmlFor="pl-mmproj">Projector file (mmproj)</label>
          <input id="pl-mmproj" className="grow" placeholder={example('models', 'mmproj-F16.gguf')} spellCheck={false} {...field('mmproj')} />
          <PickButton text="Choose…" request={ggufPick('Its vision projector (mmproj GGUF)')} onPick={(mmproj) => setForm({ ...form, mmproj })} />
        </div>
        <div className="row">
          <label htmlFor="pl-context">Context per slot</label>
          <input id="pl-context" type="number" min={2048} step={1024} className="narrow" {...field('contextPerSlot')} />
          <label htmlFor="pl-parallel">Parallel slots</label>
          <input id="pl-parallel" type="number" min={1} max={16} className="narrow" {...field('parallel')} />
          <label htmlFor="pl-gpu">GPU layers</label>
          <input id="pl-gpu" className="narrow" {...field('gpuLayers')} />
          <label htmlFor="pl-max">Max new tokens</label>
          <input id="pl-max" type="number" min={16} max={8192} className="narrow" {...field('maxTokens')} />
          <label htmlFor="pl-topk" title="Per generated token, the log-probabilities of this many alternatives are kept for per-field confidence; 0 keeps none">
            Token probabilities (K)
          </label>
          <input id="pl-topk" type="number" min={0} max={20} className="narrow" {...field('topLogprobs')} />
        </div>
        <div className="row">
          <label htmlFor="pl-endpoints">Endpoints</label>
          <input
            id="pl-endpoints"
            className="grow"
            placeholder="http://gpu-box:8000 http://other:8080 (vLLM or llama-server)"
            spellCheck={false}
            {...field('endpoints')}
          />
          {configured.urls.length > 0 && (
            <select aria-label="Configured endpoints" value="" onChange={(e) => addEndpoint(e.target.value)}>
              <option value="">{configured.only ? 'Add an endpoint this host allows' : 'Add a configured endpoint'}</option>
              {configured.urls.map((url) => (
                <option key={url} value={url}>
                  {url}
                </option>
              ))}
            </select>
          )}
          <label htmlFor="pl-conc">Requests per endpoint</label>
          <input id="pl-conc" type="number" min={1} max={256} className="narrow" {...field('concurrency')} />
        </div>
        <div className="row">
          <label htmlFor="pl-served">Served model name</label>
          <input id="pl-served" placeholder="skycaptioner-v1 (vLLM's --served-model-name)" spellCheck={false} {...field('servedModel')} />
          <label title="Before the job, one known clip goes to each endpoint; one that would show the model other frames than trained is refused">
            <input
              type="checkbox"
              checked={form.endpointCheck !== 'off'}
              onChange={(e) => setForm({ ...form, endpointCheck: e.target.checked ? 'on' : 'off' })}
            />{' '}
            Check endpoints with a known clip first
          </label>
        </div>
        <div className="row">
          <label htmlFor="pl-scope">Pre-label scope</label>
          <select id="pl-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="unlabeled">Clips without a pre-label</option>
            <option value="all">All readable clips</option>
            <option value="selected" disabled={selected.length === 0}>
              Selected clips ({selected.length})
            </option>
          </select>
          <button type="submit" disabled={starting || (!form.model.trim() && !form.endpoints.trim())}>
            Pre-label
          </button>
          {engineProblem && form.model.trim() && <span className="error-text">{engineProblem}</span>}
          {configured.only && <span className="muted">This host accepts only the endpoints its operator configured.</span>}
        </div>
      </form>
      <JobList jobs={jobs} act={act} error={error} />
    </section>
  )
}
