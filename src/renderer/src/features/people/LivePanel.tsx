import { EXPIRING_SOON_SECONDS } from '../../../../shared/api/team'
import type { Lease } from '../../../../shared/api/queue'
import { useNow, useTeamLive } from './useTeamLive'

/** "1:20" for 80 s. */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`

function Expiry({ lease, now }: { lease: Lease; now: number }) {
  const left = Math.max(0, Math.round((Date.parse(lease.expiresAt) - now) / 1000))
  const soon = left <= EXPIRING_SOON_SECONDS
  return (
    <span
      className={soon ? 'expiry soon' : 'expiry'}
      data-testid="lease-expiry"
      title={soon ? 'The lease ends within two minutes unless its page renews it' : undefined}
    >
      expires in {clock(left)}
    </span>
  )
}

/** Who is online now, on which clip, and the leases about to end; pushed by the host's events. */
export function LivePanel() {
  const { live, skewMs, error } = useTeamLive()
  const now = useNow() + skewMs
  return (
    <section className="team-live" aria-label="Live team">
      <h3>Online now</h3>
      {error && (
        <div role="alert" className="banner error">
          Cannot read who is online: {error}
        </div>
      )}
      {live && live.online.length === 0 && <p className="muted">Nobody of this project has a page open or made a request in the last minute.</p>}
      {live && live.online.length > 0 && (
        <ul className="team-online">
          {live.online.map((p) => (
            <li key={p.personId} data-testid={`online-${p.name}`}>
              <strong>{p.name}</strong> <span className="muted">({p.role})</span>{' '}
              {p.lease ? (
                <>
                  on <span data-testid="online-clip">{p.lease.clipName}</span> · <Expiry lease={p.lease} now={now} />
                </>
              ) : (
                <span className="muted">no clip</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {live && live.expiringSoon.length > 0 && (
        <>
          <h3>Leases ending within two minutes</h3>
          <ul className="team-expiring" data-testid="expiring-soon">
            {live.expiringSoon.map((l) => (
              <li key={l.clipId}>
                {l.clipName}, held by {l.name ?? 'the host operator'} · <Expiry lease={l} now={now} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
