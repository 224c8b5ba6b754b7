import { useEffect, useState, type FormEvent } from 'react'
import type { QueueSettings } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

/** The lead's team settings: the share of clips two annotators label blind (docs/team.md, "Blind overlap and adjudication"). */
export function TeamSettings() {
  const scope = useProjectScope()
  const [settings, setSettings] = useState<QueueSettings | null>(null)
  const [percent, setPercent] = useState('0')
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const show = (s: QueueSettings) => {
    setSettings(s)
    setPercent(String(Math.round(s.overlapShare * 1000) / 10))
  }
  useEffect(() => {
    scope.request('queue.settings', {}).then(show, (err: unknown) => setMessage({ error: true, text: errorMessage(err) }))
  }, [scope])

  const save = (event: FormEvent): void => {
    event.preventDefault()
    if (!settings) return
    const share = Number(percent) / 100
    if (!Number.isFinite(share) || share < 0 || share > 1) return setMessage({ error: true, text: 'The overlap share is a percentage from 0 to 100' })
    // the other settings go back as they are
    scope.request('queue.saveSettings', { ...settings, overlapShare: share }).then(
      (saved) => (show(saved), setMessage({ error: false, text: 'Saved: it applies to clips nobody has started.' })),
      (err: unknown) => setMessage({ error: true, text: errorMessage(err) })
    )
  }

  return (
    <form className="team-settings" aria-label="Team settings" onSubmit={save}>
      <h3>Team settings</h3>
      <label>
        Overlap share (%) <input type="number" min={0} max={100} step={0.1} value={percent} disabled={!settings} onChange={(e) => setPercent(e.target.value)} />
      </label>{' '}
      <button type="submit" disabled={!settings}>
        Save settings
      </button>
      <p className="muted">
        This share of the clips nobody has started goes to two annotators, who label them blind; a lead or reviewer then adjudicates them on the Overlap screen.
      </p>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'banner error' : 'muted'}>
          {message.text}
        </p>
      )}
    </form>
  )
}
