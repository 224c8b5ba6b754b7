import { useEffect, useRef } from 'react'
import type { MenuCommand } from '../../../shared/api/desktop'
import { api, inDesktopApp } from '../api'

/** Runs `handler` when the desktop app's menu sends `command`; in a browser there is no such menu. */
export function useMenuCommand(command: MenuCommand, handler: () => void): void {
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(() => {
    if (!inDesktopApp) return
    return api.on('menu.command', (payload) => {
      if (payload.command === command) latest.current()
    })
  }, [command])
}
