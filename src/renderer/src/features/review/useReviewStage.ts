import { useEffect, useState } from 'react'
import { useProjectScope } from '../../lib/projectContext'

/** Whether the project's review stage is on (queue.settings); off until the host says, and on a failed read. */
export function useReviewStage(team: boolean): boolean {
  const scope = useProjectScope()
  const [on, setOn] = useState(false)
  useEffect(() => {
    if (!team) return
    let live = true
    scope.request('queue.settings', {}).then(
      (s) => live && setOn(s.reviewStage),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [scope, team])
  return on
}
