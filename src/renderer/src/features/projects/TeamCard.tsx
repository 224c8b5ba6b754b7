import { useEffect, useState, type FormEvent } from 'react'
import type { Connected, ShareInterface, ShareStatus, TeamHostView } from '../../../../shared/desktop/team'
import { errorMessage, type TeamCall } from '../../api'

/** Desktop app only: share this studio with the team on one address, or open a team host's page (docs/team.md). */
export function TeamCard({ team }: { team: TeamCall }) {
  const [interfaces, setInterfaces] = useState<ShareInterface[]>([])
  const [address, setAddress] = useState('127.0.0.1')
  const [sharing, setSharing] = useState<ShareStatus | null>(null)
  const [hosts, setHosts] = useState<TeamHostView[]>([])
  const [link, setLink] = useState('')
  const [connected, setConnected] = useState<Connected | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void Promise.all([team({ action: 'interfaces' }), team({ action: 'shareStatus' }), team({ action: 'hosts' })])
      .then(([list, status, saved]) => {
        setInterfaces(list)
        setSharing(status.sharing)
        setHosts(saved.hosts)
      })
      .catch((err) => setError(errorMessage(err)))
  }, [team])

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const share = () => run(async () => setSharing(await team({ action: 'share', address })))
  const stop = () => run(async () => setSharing((await team({ action: 'stopShare' })).sharing))
  const connect = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      setConnected(await team({ action: 'connect', link }))
      setLink('')
      setHosts((await team({ action: 'hosts' })).hosts)
    })
  }
  const reopen = (origin: string) => run(async () => setConnected(await team({ action: 'reconnect', origin })))
  const forget = (origin: string) => run(async () => setHosts((await team({ action: 'forget', origin })).hosts))

  return (
    <section className="card" aria-label="Team">
      <h2>Share this project</h2>
      {sharing ? (
        <>
          <p role="status">
            Shared on {sharing.address}. Hand out this link (it holds the host token, a lead&apos;s key) or the people links from the People screen:
            <br />
            <span className="path">{sharing.url}</span>
          </p>
          <button type="button" disabled={busy} onClick={() => void navigator.clipboard.writeText(sharing.url)}>
            Copy link
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => void stop()}>
            Stop sharing
          </button>
        </>
      ) : (
        <p>
          <label>
            Address{' '}
            <select value={address} onChange={(e) => setAddress(e.target.value)}>
              {interfaces.map((i) => (
                <option key={i.address} value={i.address}>
                  {i.address} ({i.internal ? 'this computer only' : i.name})
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" disabled={busy} onClick={() => void share()}>
            Share
          </button>
        </p>
      )}

      <h2>Connect to a team host</h2>
      <form onSubmit={connect}>
        <label>
          Sign-in link <input value={link} onChange={(e) => setLink(e.target.value)} placeholder="https://studio.example.com/?token=skp_…" size={50} />
        </label>{' '}
        <button type="submit" disabled={busy || link.trim() === ''}>
          Connect
        </button>
      </form>
      {connected && (
        <p role="status">
          Opened {connected.origin} in its own window.{connected.tokenKept ? '' : ' This computer has no key store, so the link was not kept.'}
        </p>
      )}
      {connected?.warning && (
        <div role="alert" className="banner info">
          {connected.warning}
        </div>
      )}
      {hosts.length > 0 && (
        <ul aria-label="Team hosts">
          {hosts.map((h) => (
            <li key={h.origin}>
              {h.origin}{' '}
              {h.tokenKept && (
                <button type="button" disabled={busy} onClick={() => void reopen(h.origin)}>
                  Open
                </button>
              )}{' '}
              <button type="button" disabled={busy} onClick={() => void forget(h.origin)}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
    </section>
  )
}
