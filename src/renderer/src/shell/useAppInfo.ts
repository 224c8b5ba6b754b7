import { useCallback, useEffect, useState } from 'react'
import type { ProjectInfo, RouteOutput } from '../../../shared/contract'
import { api, errorMessage } from '../api'
import { setHostPlatform } from '../lib/hostPaths'
import { readSaved, readTab, save, saveTab } from '../lib/storage'

export type AppInfo = RouteOutput<'app.info'>

const LAST_PROJECT = 'studio.lastProject'

/**
 * app.info, and the project this page shows: the one it showed last (reopened on the host), else
 * the host's last opened. Other pages opening other projects do not change it.
 */
export function useAppInfo() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  const setProject = useCallback((project: ProjectInfo) => {
    save(LAST_PROJECT, project.path)
    saveTab(LAST_PROJECT, project.path)
    setInfo((current) => current && { ...current, project })
  }, [])

  useEffect(() => {
    let cancelled = false
    async function load(): Promise<void> {
      try {
        let next = await api.request('app.info', {})
        setHostPlatform(next.platform)
        // this tab's project first, then this browser's last one
        const last = readTab(LAST_PROJECT) ?? readSaved(LAST_PROJECT)
        if (last && next.project?.path !== last) {
          const project = await api.request('project.open', { path: last }).catch(() => null)
          if (project) next = { ...next, project }
        }
        if (!cancelled) setInfo(next)
      } catch (err) {
        if (!cancelled) setError(errorMessage(err))
      }
    }
    void load()
    return () => {
      cancelled = true
    }
  }, [])

  return { info, error, setProject }
}
