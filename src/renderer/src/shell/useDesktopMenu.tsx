import { useState, type ReactNode } from 'react'
import type { ProjectInfo } from '../../../shared/contract'
import { api, errorMessage } from '../api'
import { projectPick } from '../features/files/picks'
import { usePicker } from '../features/files/usePicker'
import { ShortcutSheet } from '../features/review/ShortcutSheet'
import type { Screen } from '../lib/screen'
import { useMenuCommand } from '../lib/useMenuCommand'
import { AboutDialog } from './AboutDialog'
import type { AppInfo } from './useAppInfo'

type Deps = {
  info: AppInfo | null
  view: Screen['view']
  go: (view: Screen['view']) => void
  onProjectOpened: (project: ProjectInfo) => void
}

/**
 * What the desktop app's menu asks for: a screen, a picker, or a dialog. A request that a screen
 * must carry out once it is shown (import, naming a new project) waits in a flag it clears.
 */
export function useDesktopMenu({ info, view, go, onProjectOpened }: Deps) {
  const [menuImport, setMenuImport] = useState(false)
  const [nameProject, setNameProject] = useState(false)
  const [open, setOpen] = useState<'shortcuts' | 'about' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { pick, dialog } = usePicker()

  useMenuCommand('project.new', () => {
    setNameProject(true)
    go('projects')
  })
  useMenuCommand('project.open', () => {
    setError(null)
    pick(projectPick)
      .then(async (path) => {
        if (path !== null) onProjectOpened(await api.request('project.open', { path }))
      })
      .catch((err: unknown) => setError(`Cannot open the project: ${errorMessage(err)}`))
  })
  useMenuCommand('clips.import', () => {
    // without a project the Library is not shown: the Projects screen is
    if (!info?.project) return go('projects')
    setMenuImport(true)
    go('library')
  })
  // the review screen opens its own sheet (its keys pause while it is open)
  useMenuCommand('help.shortcuts', () => view !== 'review' && setOpen('shortcuts'))
  useMenuCommand('help.about', () => setOpen('about'))

  const overlay: ReactNode = (
    <>
      {dialog}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {open === 'shortcuts' && <ShortcutSheet onClose={() => setOpen(null)} />}
      {open === 'about' && info && <AboutDialog version={info.version} platform={info.platform} dataDir={info.dataDir} onClose={() => setOpen(null)} />}
    </>
  )
  return {
    overlay,
    menuImport,
    onMenuImportSeen: () => setMenuImport(false),
    nameProject,
    onNameProjectSeen: () => setNameProject(false)
  }
}
