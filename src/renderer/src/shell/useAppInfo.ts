import { useCallback, useEffect, useState } from 'react'
import type { ProjectInfo, RouteOutput } from '../../../shared/contract'
import { api, errorMessage } from '../api'
import { readSaved, save } from '../lib/storage'

export type AppInfo = RouteOutput<'app.info'>

const LAST_PROJECT = 'studio.lastProject'

/** app.info, kept current by 'project.opened'; reopens the last project when the host has none. */
export function useAppInfo() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  const setProject = useCallback((project: ProjectInfo) => {
    save(LAST_PROJECT, project.path)
    setInfo((current) => current && { ...current, project })
  }, [])

  useEffect(() => {
    let cancelled = false
    async function load(): Promise<void> {
      try {
        let next = await api.request('app.info', {})
        const last = readSaved(LAST_PROJECT)
        if (!next.project && last) {
          const project = await api.request('project.open', { path: last }).catch(() => null)
          if (project) next = { ...next, project }
        }
        if (!cancelled) setInfo(next)
      } catch (err) {
        if (!cancelled) setError(errorMessage(err))
      }
    }
    void load()
    const off = api.on('project.opened', setProject)
    return () => {
      cancelled = true
      off()
    }
  }, [setProject])

  return { info, error, setProject }
}
