import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../../shared/api/desktop'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** A packaged app has no Reload or DevTools: a user has no use for them, and they reset the page's state. */
  packaged: boolean
  appName: string
  /** Hands a command to the page of the window the menu was used in. */
  send(command: MenuCommand, window: unknown): void
}

/** The studio's application menu (Menu.buildFromTemplate takes it); pure, so each platform's menu is testable. */
export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin'
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: (_item, window) => opts.send(name, window)
  })
  // Alt-key mnemonics are a Windows and Linux habit; macOS would show the ampersand
  const top = (label: string): string => (mac ? label : `&${label}`)
  const about = command(`About ${opts.appName}`, 'help.about')

  const appMenu: MenuItemConstructorOptions = {
    label: opts.appName,
    submenu: [
      about,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' }
    ]
  }
  const file: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      command('New Project…', 'project.new', 'CmdOrCtrl+N'),
      command('Open Project…', 'project.open', 'CmdOrCtrl+O'),
      { type: 'separator' },
      command('Import Clips…', 'clips.import', 'CmdOrCtrl+I'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  const edit: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' }
    ]
  }
  const developer: MenuItemConstructorOptions[] = opts.packaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
  const view: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [command('Keyboard Shortcuts', 'help.shortcuts'), ...(mac ? [] : [{ type: 'separator' } as const, about])]
  }
  return mac ? [appMenu, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help]
}
