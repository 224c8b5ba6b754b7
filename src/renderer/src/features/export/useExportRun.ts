import { useCallback, useEffect, useRef, useState } from 'react'
import type { ExportManifest, ExportProgress, ExportRun } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

/** One export at a time: its live progress (from export.progress events), result and cancel. */
export function useExportRun() {
  const project = useProjectScope()
  const [progress, setProgress] = useState<ExportProgress | null>(null)
  const [manifest, setManifest] = useState<ExportManifest | null>(null)
  const [error, setError] = useState<string | null>(null)
  const current = useRef<string | null>(null)

  useEffect(() => project.on('export.progress', (p) => p.id === current.current && setProgress(p)), [])

  const run = useCallback(async (input: Omit<ExportRun, 'id'>) => {
    // our own id, so the progress events and a cancel can name this run before it returns
    const id = `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
    current.current = id
    setProgress({ id, state: 'running', done: 0, total: 0, error: null })
    setManifest(null)
    setError(null)
    try {
      setManifest(await project.request('export.run', { ...input, id }))
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [])

  const cancel = useCallback(() => {
    if (current.current) void project.request('export.cancel', { id: current.current })
  }, [])

  const running = progress?.state === 'running' && !manifest && !error
  return { progress, manifest, error, running, run, cancel }
}
