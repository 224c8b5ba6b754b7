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
  const [giveTo, setGiveTo] = useState<Record<number, string>>({})
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  useEffect(() => {
    scope.request('queue.settings', {}).then(
      (s) => {
        setSettings(s)
        setSeconds(String(s.leaseSeconds))
      },
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
    // the whole settings object goes back, so settings this panel does not show keep their values
    void act(async () => {
      const saved = await scope.request('queue.saveSettings', { ...settings, leaseSeconds: Number(seconds) })
      setSettings(saved)
      setSeconds(String(saved.leaseSeconds))
    }, 'Queue settings saved: new and renewed leases use them.')
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
        <button type="submit" disabled={!settings || !Number.isInteger(Number(seconds)) || Number(seconds) < 1}>
          Save queue settings
        </button>
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
