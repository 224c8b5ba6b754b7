import { useEffect, useState } from 'react'
import type { QueueSettings } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

/** The project's team settings a lead changes here: whether annotators' done goes to review first. */
export function TeamSettings() {
  const scope = useProjectScope()
  const [settings, setSettings] = useState<QueueSettings | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    scope.request('queue.settings', {}).then(
      (s) => live && setSettings(s),
      (err: unknown) => live && setError(errorMessage(err))
    )
    return () => {
      live = false
    }
  }, [scope])
  const setReviewStage = (reviewStage: boolean): void => {
    if (!settings) return
    setError(null)
    scope.request('queue.saveSettings', { ...settings, reviewStage }).then(setSettings, (err: unknown) => setError(errorMessage(err)))
  }
  return (
    <div className="team-settings">
      <label>
        <input type="checkbox" disabled={!settings} checked={settings?.reviewStage ?? false} onChange={(e) => setReviewStage(e.target.checked)} /> Review stage:
        an annotator&apos;s done goes to a reviewer, who approves it or returns it with a comment
      </label>
      {error && (
        <span role="alert" className="banner error">
          {error}
        </span>
      )}
    </div>
  )
}
