import { useEffect, useState, type FormEvent } from 'react'
import type { Person } from '../../../../shared/api/people'
import type { QueueSettings } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { useLeases } from '../library/heldBy'
import { QueueOrderSetting } from './QueueOrderSetting'

/** The lead's queue panel: how long a lease lasts, and every live lease with Release and Give to. */
export function QueueCard({ people }: { people: Person[] }) {
  const scope = useProjectScope()
  const leases = useLeases()
  const [settings, setSettings] = useState<QueueSettings | null>(null)
  const [seconds, setSeconds] = useState('')
  const [overlap, setOverlap] = useState('0')
  const [giveTo, setGiveTo] = useState<Record<number, string>>({})
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  const show = (s: QueueSettings): void => {
    setSettings(s)
    setSeconds(String(s.leaseSeconds))
    setOverlap(String(Math.round(s.overlapShare * 1000) / 10))
  }
  useEffect(() => {
    scope.request('queue.settings', {}).then(
      (s) => show(s),
      (err: unknown) => setMessage({ error: true, text: errorMessage(err) })
    )
  }, [scope])

  async function act(action: () => Promise<unknown>, done: string): Promise<void> {
    setMessage(null)
    try {
      await action()
      setMessage({ error: false, text: done })
    } catch (err) {
      setMessage({ error: true, text: errorMessage(err) })
    }
  }
  const save = (event: FormEvent): void => {
    event.preventDefault()
    if (!settings) return
    const overlapShare = Number(overlap) / 100
    if (!Number.isFinite(overlapShare) || overlapShare < 0 || overlapShare > 1)
      return setMessage({ error: true, text: 'The overlap share is a percentage from 0 to 100' })
    // the whole settings object goes back, so settings this panel does not show keep their values
    void act(
      async () => show(await scope.request('queue.saveSettings', { ...settings, leaseSeconds: Number(seconds), overlapShare })),
      'Queue settings saved: new and renewed leases use them; the overlap share applies to clips nobody has started.'
    )
  }
  const holders = people.filter((p) => p.hasToken && !p.revokedAt)

  return (
    <section aria-label="Work queue">
      <h3>Work queue</h3>
      {message && (
        <div role={message.error ? 'alert' : 'status'} className={`banner ${message.error ? 'error' : 'info'}`}>
          {message.text}
        </div>
      )}
      <form onSubmit={save}>
        <label>
          Lease length (seconds){' '}
          <input type="number" min={1} max={24 * 3600} value={seconds} disabled={!settings} onChange={(e) => setSeconds(e.target.value)} />
        </label>{' '}
        <label>
          Overlap share (%){' '}
          <input type="number" min={0} max={100} step={0.1} value={overlap} disabled={!settings} onChange={(e) => setOverlap(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={!settings || !Number.isInteger(Number(seconds)) || Number(seconds) < 1}>
          Save queue settings
        </button>
        <p className="muted">
          The overlap share of the clips nobody has started goes to two annotators, who label them blind; a lead or reviewer then adjudicates them on the
          Overlap screen.
        </p>
        <label>
          <input
            type="checkbox"
            checked={settings?.reviewStage ?? false}
            disabled={!settings}
            onChange={(e) => {
              const reviewStage = e.target.checked
              if (!settings) return
              // shown at once; put back if the host refuses
              setSettings({ ...settings, reviewStage })
              void act(
                async () => {
                  try {
                    setSettings(await scope.request('queue.saveSettings', { ...settings, reviewStage }))
                  } catch (err) {
                    setSettings(settings)
                    throw err
                  }
                },
                reviewStage ? 'Review stage on: annotators send their done clips to review.' : 'Review stage off: done approves at once.'
              )
            }}
          />{' '}
          Review stage: an annotator&apos;s done goes to a reviewer, who approves it or returns it with a comment
        </label>
      </form>
      {settings && <QueueOrderSetting settings={settings} onSaved={setSettings} />}
      {leases.length === 0 ? (
        <p className="muted">Nobody holds a clip now.</p>
      ) : (
        <table aria-label="Live leases">
          <thead>
            <tr>
              <th>Clip</th>
              <th>Held by</th>
              <th>Until</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {leases.map((l) => (
              <tr key={l.clipId} data-testid={`lease-${l.clipName}`}>
                <td>{l.clipName}</td>
                <td>{l.name ?? 'the host operator'}</td>
                <td>{new Date(l.expiresAt).toLocaleTimeString()}</td>
                <td>
                  <button type="button" onClick={() => void act(() => scope.request('queue.releaseAny', { clipId: l.clipId }), `${l.clipName} is free.`)}>
                    Release
                  </button>{' '}
                  <select
                    aria-label={`Give ${l.clipName} to`}
                    value={giveTo[l.clipId] ?? ''}
                    onChange={(e) => setGiveTo({ ...giveTo, [l.clipId]: e.target.value })}
                  >
                    <option value="">Give to…</option>
                    {holders.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>{' '}
                  <button
                    type="button"
                    disabled={!giveTo[l.clipId]}
                    onClick={() =>
                      void act(
                        () => scope.request('queue.reassign', { clipId: l.clipId, personId: Number(giveTo[l.clipId]) }),
                        `${l.clipName} is now held by ${holders.find((p) => String(p.id) === giveTo[l.clipId])?.name}.`
                      )
                    }
                  >
                    Reassign
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
