import { useCallback, useEffect, useState } from 'react'
import type { FusionCaption, FusionTask } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { useClipsChanged } from '../../lib/useClipsChanged'
import './fusion.css'
import { useProjectScope } from '../../lib/projectContext'

const LABELS: Record<FusionTask, string> = { t2v: 'T2V caption', i2v: 'I2V caption' }

function origin(caption: FusionCaption | null): string {
  if (!caption) return 'None yet: run fusion from the Export screen, or write one.'
  const from = caption.revisionNumber > 0 ? `revision #${caption.revisionNumber}` : 'the pre-label'
  if (caption.origin === 'human') return `#${caption.number}, edited by ${caption.annotator}`
  const by = caption.origin === 'rule' ? 'no subjects, so no LLM (as the original)' : String(caption.source.label ?? 'the LLM')
  return `#${caption.number}, made from ${from} by ${by}`
}

/** One fusion caption: its text, where it came from, and saving an edit as the next revision. */
function FusionField({
  task,
  clipId,
  annotator,
  current,
  onSaved
}: {
  task: FusionTask
  clipId: number
  annotator: string
  current: FusionCaption | null
  onSaved: (c: FusionCaption) => void
}) {
  const project = useProjectScope()
  const [draft, setDraft] = useState(current?.text ?? '')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // a refresh of the same caption keeps what is being typed; a new revision replaces it
  useEffect(() => setDraft(current?.text ?? ''), [current?.id])
  const dirty = draft !== (current?.text ?? '')

  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  async function save(): Promise<void> {
    setSaving(true)
    setError(null)
    try {
      onSaved(await project.request('fusion.save', { clipId, task, text: draft, annotator, baseNumber: current?.number ?? 0 }))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  const id = `fusion-${task}`
  return (
    <div className="field fusion-field">
      <label htmlFor={id}>{LABELS[task]}</label>
      <textarea id={id} value={draft} spellCheck onChange={(e) => setDraft(e.target.value)} />
      <div className="row">
        <span className="muted small" data-testid={`${id}-origin`}>
          {dirty ? 'Unsaved changes' : origin(current)}
        </span>
        <button type="button" className="small" disabled={!dirty || saving || !annotator} onClick={() => void save()}>
          Save {task.toUpperCase()}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          Not saved: {error}
        </p>
      )}
    </div>
  )
}

/** The clip's T2V and I2V captions under the structural editor; edits are kept as revisions. */
export function FusionPanel({ clipId, annotator }: { clipId: number; annotator: string }) {
  const project = useProjectScope()
  const [captions, setCaptions] = useState<Record<FusionTask, FusionCaption | null> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    project.request('fusion.get', { clipId }).then(setCaptions, (err: unknown) => setError(errorMessage(err)))
  }, [clipId])
  useEffect(load, [load])
  useClipsChanged(useCallback((ids) => (ids === 'all' || ids.includes(clipId)) && load(), [clipId, load]))

  return (
    <section className="fusion" aria-label="Fusion captions">
      <h3>Fusion captions</h3>
      {error && <p className="error-text">Cannot load the fusion captions: {error}</p>}
      {captions &&
        (['t2v', 'i2v'] as const).map((task) => (
          <FusionField
            key={task}
            task={task}
            clipId={clipId}
            annotator={annotator}
            current={captions[task]}
            onSaved={(c) => setCaptions({ ...captions, [task]: c })}
          />
        ))}
    </section>
  )
}
