import { useCallback, useEffect, useState } from 'react'
import type { Events, ImportReport, ImportSource } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

export type Importer = ReturnType<typeof useImport>

const add = (a: ImportReport, b: ImportReport): ImportReport => ({
  found: a.found + b.found,
  added: a.added + b.added,
  alreadyPresent: a.alreadyPresent + b.alreadyPresent,
  prelabelsAdded: a.prelabelsAdded + b.prelabelsAdded,
  failed: [...a.failed, ...b.failed],
  warnings: [...a.warnings, ...b.warnings]
})

/** Imports into the Library's project, from the form, a drop or the menu: live progress, then one report for everything imported. */
export function useImport(onImported: () => void) {
  const project = useProjectScope()
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<Events['import.progress'] | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  // a message that is not an import failure (a browser drop, a drop while importing)
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => project.on('import.progress', setProgress), [])

  /** Each source in turn; `warnings` (dropped files that were refused) head the report. */
  const run = useCallback(
    async (sources: ImportSource[], warnings: string[] = []): Promise<void> => {
      setRunning(true)
      setProgress(null)
      setReport(null)
      setError(null)
      setNotice(null)
      let total: ImportReport = { found: 0, added: 0, alreadyPresent: 0, prelabelsAdded: 0, failed: [], warnings }
      let imported = false
      try {
        for (const source of sources) {
          total = add(total, await project.request('clips.import', source))
          imported = true
        }
      } catch (err) {
        setError(errorMessage(err))
      } finally {
        setRunning(false)
        if (imported || warnings.length) setReport(total)
        if (imported) onImported()
      }
    },
    [project, onImported]
  )

  return { running, progress, report, error, setError, notice, setNotice, run }
}
