import { useEffect, useState } from 'react'
import type { TeamLive } from '../../../../shared/api/team'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

export interface LiveState {
  live: TeamLive | null
  /** The host's clock minus this page's, so countdowns follow the host. */
  skewMs: number
  error: string | null
}

/** team.live, read again on every presence and lease event, and when the first lease is due to end. */
export function useTeamLive(): LiveState {
  const scope = useProjectScope()
  const [state, setState] = useState<LiveState>({ live: null, skewMs: 0, error: null })
  useEffect(() => {
    let alive = true
    let lapse: ReturnType<typeof setTimeout> | undefined
    const load = () =>
      scope.request('team.live', {}).then(
        (live) => {
          if (!alive) return
          setState({ live, skewMs: Date.parse(live.now) - Date.now(), error: null })
          // a lapse sends its event only when someone next looks at the leases: look then
          clearTimeout(lapse)
          const first = Math.min(...live.leases.map((l) => Date.parse(l.expiresAt) - Date.parse(live.now)))
          if (Number.isFinite(first)) lapse = setTimeout(() => void load(), Math.max(1000, first + 500))
        },
        (err: unknown) => alive && setState((s) => ({ ...s, error: errorMessage(err) }))
      )
    void load()
    const offPresence = scope.on('team.presence', () => void load())
    const offQueue = scope.on('queue.changed', () => void load())
    return () => {
      alive = false
      clearTimeout(lapse)
      offPresence()
      offQueue()
    }
  }, [scope])
  return state
}

/** A ticking clock for countdowns, once a second. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}
