import { useEffect, useState } from 'react'
import type { CatalogEntry } from '../../../../shared/models'
import { api, errorMessage } from '../../api'
import { JobList, useJobs } from '../jobs/useJobs'
import { useProjectScope } from '../../lib/projectContext'

type Sample = 'approved' | 'stratified'

/** Starts a shoot-out: the local quants to compare (each with its projector) and which clips. */
export function ShootoutForm() {
  const project = useProjectScope()
  const [entries, setEntries] = useState<CatalogEntry[]>([])
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set())
  const [sample, setSample] = useState<Sample>('approved')
  const [perStratum, setPerStratum] = useState('5')
  const { jobs, upsert, act, error, setError } = useJobs(3, 'shootout')
  useEffect(() => {
    api.request('models.catalog', {}).then(
      (c) => setEntries(c.entries.filter((e) => e.model.path && e.mmproj?.path)),
      (err: unknown) => setError(errorMessage(err))
    )
  }, [setError])
  const toggle = (id: string) => setPicked((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])))
  const start = () => {
    const chosen = entries.filter((e) => picked.has(e.id))
    // the quant names the point on the chart; two files of one quant are told apart by file name
    const label = (e: CatalogEntry) => (chosen.filter((o) => o.quant === e.quant).length > 1 ? e.model.file : e.quant)
    const quants = chosen.map((e) => ({ label: label(e), engine: { local: { model: e.model.path!, mmproj: e.mmproj!.path! } } }))
    const clips = sample === 'approved' ? { kind: 'approved' as const } : { kind: 'stratified' as const, perStratum: Number(perStratum) }
    project.request('shootout.start', { quants, sample: clips }).then(upsert, (err: unknown) => setError(errorMessage(err)))
  }
  return (
    <details className="shootout-form">
      <summary>Run a shoot-out</summary>
      {entries.length === 0 ? (
        <p className="muted">No local quant with a vision projector in the models folder yet: add or make some on the Models screen.</p>
      ) : (
        <fieldset>
          <legend>Quants (every one captions the same clips; stored pre-labels are reused)</legend>
          {entries.map((e) => (
            <label key={e.id} className="check">
              <input type="checkbox" checked={picked.has(e.id)} onChange={() => toggle(e.id)} /> {e.quant} <span className="muted">{e.model.file}</span>
            </label>
          ))}
        </fieldset>
      )}
      <label htmlFor="shootout-sample">Clips</label>{' '}
      <select id="shootout-sample" value={sample} onChange={(e) => setSample(e.target.value as Sample)}>
        <option value="approved">Approved clips</option>
        <option value="stratified">Stratified by shot type and subject type</option>
      </select>
      {sample === 'stratified' && (
        <label>
          {' '}
          per stratum <input type="number" min={1} value={perStratum} onChange={(e) => setPerStratum(e.target.value)} />
        </label>
      )}{' '}
      <button type="button" disabled={picked.size < 2} onClick={start}>
        Start shoot-out
      </button>
      <JobList jobs={jobs} act={act} error={error} />
    </details>
  )
}
