import { useEffect, useState, type FormEvent } from 'react'
import type { CatalogEntry } from '../../../../shared/models'
import type { QuantizeOptions, QuantizeProgress, QuantizeRule } from '../../../../shared/quantize'
import { api, errorMessage } from '../../api'
import { PickButton } from '../files/PickButton'
import { ggufPick } from '../files/picks'
import { useExamplePath } from '../../lib/hostPaths'

const SIXTEEN_BIT = new Set(['F16', 'BF16', 'F32'])
type Imatrix = 'none' | 'file' | 'calibration'

const rulesText = (rules: QuantizeRule[]) => rules.map((r) => `${r.pattern}=${r.type}`).join('\n')
/** One rule per line, PATTERN=TYPE; the server checks them and names a bad one. */
const parseRules = (text: string): QuantizeRule[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.lastIndexOf('=')
      return at > 0 ? { pattern: l.slice(0, at), type: l.slice(at + 1) } : { pattern: l, type: '' }
    })

/** Make a quant from a 16-bit file: a standard type, an importance matrix and the card's layer bumping. */
export function QuantizePanel({ entries, onMade }: { entries: CatalogEntry[]; onMade: () => void }) {
  const example = useExamplePath()
  const sources = entries.filter((e) => e.model.path && SIXTEEN_BIT.has(e.quant))
  const [sourceId, setSourceId] = useState('')
  const source = sources.find((e) => e.id === sourceId) ?? sources[0]
  const [options, setOptions] = useState<QuantizeOptions | null>(null)
  const [type, setType] = useState('Q4_K_M')
  const [preset, setPreset] = useState('none')
  const [rules, setRules] = useState('')
  const [imatrix, setImatrix] = useState<Imatrix>('none')
  const [imatrixPath, setImatrixPath] = useState('')
  const [progress, setProgress] = useState<QuantizeProgress | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  useEffect(() => {
    api
      .request('models.quantizeOptions', { blocks: source?.layers ?? undefined })
      .then(setOptions, (e: unknown) => setMessage({ error: true, text: errorMessage(e) }))
  }, [source?.layers])
  useEffect(() => api.on('models.quantize', setProgress), [])

  const choosePreset = (id: string) => {
    setPreset(id)
    setRules(rulesText(options?.presets.find((p) => p.id === id)?.rules ?? []))
  }

  const onMake = (event: FormEvent) => {
    event.preventDefault()
    if (!source?.model.path) return
    setBusy(true)
    setMessage(null)
    const file = imatrixPath.trim() || undefined
    api
      .request('models.quantize', {
        source: source.model.path,
        type,
        rules: parseRules(rules),
        imatrix: imatrix === 'file' ? file : undefined,
        calibration: imatrix === 'calibration' ? file : undefined,
        mmproj: source.mmproj?.path ?? undefined
      })
      .then(
        (made) => {
          setMessage({ error: false, text: `Made ${made.model.file}: it is in the table, ready to use or compare.` })
          onMade()
        },
        (e: unknown) => setMessage({ error: true, text: errorMessage(e) })
      )
      .finally(() => setBusy(false))
  }

  const explain = options?.presets.find((p) => p.id === preset)?.explain
  const made = entries.filter((e) => e.recipe)
  return (
    <section className="card" aria-label="Make a quant">
      <h2>Make a quant</h2>
      {options?.problem && <p className="banner info">{options.problem}</p>}
      {sources.length === 0 ? (
        <p className="muted">Import or download an F16/BF16 GGUF to make quants from it.</p>
      ) : (
        <form className="stack" onSubmit={onMake}>
          <div className="row">
            <label htmlFor="quantize-source">From</label>
            <select id="quantize-source" value={source?.id} onChange={(e) => setSourceId(e.target.value)}>
              {sources.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.model.file} ({e.quant})
                </option>
              ))}
            </select>
            <label htmlFor="quantize-type">Type</label>
            <select id="quantize-type" value={type} onChange={(e) => setType(e.target.value)}>
              {options?.types.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <label htmlFor="quantize-preset">Layer bumping</label>
            <select id="quantize-preset" value={preset} onChange={(e) => choosePreset(e.target.value)}>
              {options?.presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          {explain && <p className="muted">{explain}</p>}
          <label htmlFor="quantize-rules">--tensor-type rules, one PATTERN=TYPE a line (first match wins; types: {options?.tensorTypes.join(', ')})</label>
          <textarea id="quantize-rules" rows={3} spellCheck={false} value={rules} onChange={(e) => setRules(e.target.value)} placeholder="attn_v=q8_0" />
          <div className="row">
            <label htmlFor="quantize-imatrix">Importance matrix</label>
            <select id="quantize-imatrix" value={imatrix} onChange={(e) => setImatrix(e.target.value as Imatrix)}>
              <option value="none">none</option>
              <option value="file">from a file</option>
              <option value="calibration">computed from a calibration text</option>
            </select>
            {imatrix !== 'none' && (
              <>
                <input
                  aria-label={imatrix === 'file' ? 'Importance matrix file' : 'Calibration text file'}
                  className="grow"
                  spellCheck={false}
                  value={imatrixPath}
                  onChange={(e) => setImatrixPath(e.target.value)}
                  placeholder={example('models', imatrix === 'file' ? 'imatrix.gguf' : 'calibration.txt')}
                />
                <PickButton
                  text="Choose…"
                  request={
                    imatrix === 'file'
                      ? ggufPick('An importance matrix (GGUF)')
                      : { kind: 'models', mode: 'file', extensions: ['txt'], title: 'A calibration text' }
                  }
                  onPick={setImatrixPath}
                />
              </>
            )}
          </div>
          <div className="row">
            <button type="submit" disabled={busy || !!options?.problem}>
              Make {type}
            </button>
            {busy && (
              <button type="button" onClick={() => void api.request('models.quantizeCancel', {})}>
                Cancel
              </button>
            )}
            {busy && progress && (
              <>
                <progress aria-label="Quantizing" value={progress.done} max={progress.total || undefined} />
                <span className="muted">
                  {progress.stage === 'imatrix' ? 'computing the importance matrix…' : `${progress.done}/${progress.total} tensors`}
                </span>
              </>
            )}
          </div>
          {message && (
            <p role={message.error ? 'alert' : 'status'} className={message.error ? 'banner error' : 'muted'}>
              {message.text}
            </p>
          )}
        </form>
      )}
      {made.length > 0 && (
        <ul aria-label="Quants made here" className="muted">
          {made.map((e) => (
            <li key={e.id}>
              {e.model.file}: {e.recipe!.type} from {e.recipe!.source}
              {e.recipe!.rules.length ? `, ${rulesText(e.recipe!.rules).replace(/\n/g, ', ')}` : ', no bumping'}
              {e.recipe!.imatrix === 'none' ? ', no importance matrix' : `, importance matrix ${e.recipe!.imatrix}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
