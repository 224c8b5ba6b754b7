import { useCallback, useState, type ReactNode } from 'react'
import type { PickRequest } from '../../../../shared/api/files'
import { nativePick, type PickPath } from '../../api'
import { FolderBrowser } from './FolderBrowser'

type Open = { request: PickRequest; resolve: (path: string | null) => void }

/**
 * `pick` opens the desktop app's native dialog, or in a browser the host's roots-confined picker,
 * which is `dialog` (render it). Either resolves to the path picked, or null when cancelled.
 */
export function usePicker(): { pick: PickPath; dialog: ReactNode } {
  const [open, setOpen] = useState<Open | null>(null)
  const browse = useCallback<PickPath>((request) => new Promise((resolve) => setOpen({ request, resolve })), [])
  const finish = (path: string | null): void => {
    open?.resolve(path)
    setOpen(null)
  }
  const dialog = open && <FolderBrowser request={open.request} onPick={finish} onCancel={() => finish(null)} />
  return { pick: nativePick ?? browse, dialog }
}
