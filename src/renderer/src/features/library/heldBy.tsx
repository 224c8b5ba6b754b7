import { createContext, useContext, useEffect, useMemo, useState } from 'react'
import type { Lease } from '../../../../shared/api/queue'
import { useProjectScope } from '../../lib/projectContext'

/** Clip id → who holds its lease, for the Library's "held by" badge. */
const HeldByContext = createContext<ReadonlyMap<number, string>>(new Map())

export function useHeldBy(): ReadonlyMap<number, string> {
  const leases = useLeases()
  return useMemo(() => new Map(leases.map((l) => [l.clipId, l.name ?? 'the host operator'])), [leases])
}

/** The project's live leases, read again on every queue event (take, renew, release, lapse). */
export function useLeases(): Lease[] {
  const scope = useProjectScope()
  const [held, setHeld] = useState<Lease[]>([])
  useEffect(() => {
    let live = true
    let lapse: ReturnType<typeof setTimeout> | undefined
    const load = () =>
      scope.request('queue.leases', {}).then(
        (leases) => {
          if (!live) return
          setHeld(leases)
          // a lease that lapses sends no event by itself: look again just after the first one ends
          clearTimeout(lapse)
          const first = Math.min(...leases.map((l) => Date.parse(l.expiresAt)))
          if (Number.isFinite(first)) lapse = setTimeout(() => void load(), Math.max(1000, first - Date.now() + 500))
        },
        // no badge beats a wrong one; the Library's own list reports a host that is gone
        () => undefined
      )
    void load()
    const off = scope.on('queue.changed', () => void load())
    return () => {
      live = false
      clearTimeout(lapse)
      off()
    }
  }, [scope])
  return held
}

export const HeldByProvider = HeldByContext.Provider

export function HeldByBadge({ clipId }: { clipId: number }) {
  const name = useContext(HeldByContext).get(clipId)
  if (!name) return null
  return (
    <span className="badge" data-testid="held-by" title={`${name} holds this clip's lease: N gives it to nobody else`}>
      held by {name}
    </span>
  )
}
