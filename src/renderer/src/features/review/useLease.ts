import { useEffect, useState } from 'react'
import type { Lease } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

export interface LeaseState {
  lease: Lease | null
  /** Why the lease is not held (it lapsed and another took the clip, or N was not used to open it). */
  problem: string | null
}

/** Renews a person's lease on the clip while the page is open: on an interval well inside the lease, and on focus. */
export function useLease(clipId: number, team: boolean): LeaseState {
  const scope = useProjectScope()
  const [state, setState] = useState<LeaseState>({ lease: null, problem: null })
  useEffect(() => {
    if (!team) return
    let live = true
    let timer: ReturnType<typeof setInterval> | undefined
    const renew = () =>
      scope.request('queue.renew', { clipId }).then(
        (lease) => live && setState({ lease, problem: null }),
        (err: unknown) => live && setState({ lease: null, problem: errorMessage(err) })
      )
    scope.request('queue.settings', {}).then(
      ({ leaseSeconds }) => {
        if (!live) return
        void renew()
        // a third of the lease: two renewals can fail (a network blip) before it lapses
        timer = setInterval(() => void renew(), Math.max(1000, (leaseSeconds * 1000) / 3))
      },
      (err: unknown) => live && setState({ lease: null, problem: errorMessage(err) })
    )
    window.addEventListener('focus', renew)
    return () => {
      live = false
      clearInterval(timer)
      window.removeEventListener('focus', renew)
    }
  }, [scope, clipId, team])
  return state
}

/** "held until 14:05, renewing", or why it is not held. */
export function leaseText(state: LeaseState): string | null {
  if (state.lease) return `Held until ${new Date(state.lease.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}, renewing`
  return state.problem
}
