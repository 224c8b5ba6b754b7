import { useCallback, useEffect, useState } from 'react'
import type { OverlapVersions } from '../../../../shared/api/overlap'
import { useMayCall } from '../../lib/caller'
import { useProjectScope } from '../../lib/projectContext'

/** For leads and reviewers: the clip's two blind versions when it is an overlap clip (null otherwise, and for annotators). */
export function useOverlapVersions(clipId: number): { versions: OverlapVersions | null; reload: () => void } {
  const scope = useProjectScope()
  const allowed = useMayCall('overlap.versions')
  const [versions, setVersions] = useState<OverlapVersions | null>(null)
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    if (!allowed) return
    let live = true
    // a clip that is not an overlap clip answers not_found: the normal editor then
    scope.request('overlap.versions', { clipId }).then(
      (found) => live && setVersions(found),
      () => live && setVersions(null)
    )
    return () => {
      live = false
    }
  }, [scope, clipId, allowed, asked])
  return { versions, reload: useCallback(() => setAsked((n) => n + 1), []) }
}
