import { useCallback, useEffect, useState } from 'react'
import { ReviewSettings } from '../../../../shared/api/review'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import type { StoreKind } from '../../lib/projectScope'

// Read once per open project (not per clip, where it would queue beside the clip's own requests); saves update it.
const SETTINGS: StoreKind<{ known: ReviewSettings; read: boolean }> = { make: () => ({ known: ReviewSettings.parse({}), read: false }) }

/** The project's review settings (defaults until read), and saving a change to them. */
export function useReviewSettings(): { settings: ReviewSettings; save: (next: ReviewSettings) => Promise<string | null> } {
  const scope = useProjectScope()
  const [settings, setSettings] = useState(() => scope.store(SETTINGS).known)
  useEffect(() => {
    if (scope.store(SETTINGS).read) return
    let live = true
    scope.request('review.settings', {}).then(
      (found) => {
        Object.assign(scope.store(SETTINGS), { known: found, read: true })
        if (live) setSettings(found)
      },
      () => undefined
    )
    return () => {
      live = false
    }
  }, [scope])
  const save = useCallback(
    async (next: ReviewSettings): Promise<string | null> => {
      try {
        const saved = await scope.request('review.saveSettings', next)
        scope.store(SETTINGS).known = saved
        setSettings(saved)
        return null
      } catch (err) {
        return errorMessage(err)
      }
    },
    [scope]
  )
  return { settings, save }
}
