import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../../src/shared/api/desktop'
import { menuTemplate } from '../../../src/main/hosts/electron/menu'

function build(platform: NodeJS.Platform, packaged: boolean) {
  const sent: { command: MenuCommand; window: unknown }[] = []
  const template = menuTemplate({ platform, packaged, appName: 'SkyCaptioner Studio', send: (command, window) => sent.push({ command, window }) })
  return { template, sent }
}

const items = (menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] => menu.submenu as MenuItemConstructorOptions[]
/** Each item as its role or label: what the user sees in that menu. */
const names = (menu: MenuItemConstructorOptions): string[] => items(menu).map((i) => i.role ?? i.label ?? i.type ?? '?')
const menuNamed = (template: MenuItemConstructorOptions[], label: string) => template.find((m) => m.label?.replace('&', '') === label)!

describe('the studio menu (a plain template: Electron is not needed to build it)', () => {
  it('on Windows and Linux: File, Edit, View and Help, with mnemonics, Quit under File and About under Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { template } = build(platform, true)
      expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help'])
      expect(names(template[0])).toEqual(['New Project…', 'Open Project…', 'separator', 'Import Clips…', 'separator', 'quit'])
      expect(names(template[1])).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'delete', 'separator', 'selectAll'])
      expect(names(template[3])).toEqual(['Keyboard Shortcuts', 'separator', 'About SkyCaptioner Studio'])
    }
  })

  it('on macOS: the app menu first (About, Hide, Quit), File closes the window, a Window menu, no ampersands', () => {
    const { template } = build('darwin', true)
    expect(template.map((m) => m.role ?? m.label)).toEqual(['SkyCaptioner Studio', 'File', 'Edit', 'View', 'windowMenu', 'help'])
    expect(names(template[0])).toEqual(['About SkyCaptioner Studio', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit'])
    expect(names(template[1]).at(-1)).toBe('close')
    expect(names(template[2])).toContain('pasteAndMatchStyle')
    expect(names(template[5])).toEqual(['Keyboard Shortcuts'])
  })

  it('has no Reload or DevTools in a packaged app; a development run has them', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      expect(names(menuNamed(build(platform, true).template, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen'])
      expect(names(menuNamed(build(platform, false).template, 'View')).slice(0, 3)).toEqual(['reload', 'forceReload', 'toggleDevTools'])
    }
  })

  it('hands each command to the window it was used in, with the accelerators shown', () => {
    const { template, sent } = build('linux', true)
    const file = items(template[0])
    const help = items(template[3])
    const click = (item: MenuItemConstructorOptions, window: string) => (item.click as unknown as (i: unknown, w: unknown) => void)(item, window)
    click(file[0], 'main')
    click(file[1], 'main')
    click(file[3], 'second')
    click(help[0], 'main')
    click(help[2], 'main')
    expect(sent).toEqual([
      { command: 'project.new', window: 'main' },
      { command: 'project.open', window: 'main' },
      { command: 'clips.import', window: 'second' },
      { command: 'help.shortcuts', window: 'main' },
      { command: 'help.about', window: 'main' }
    ])
    expect([file[0], file[1], file[3]].map((i) => i.accelerator)).toEqual(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+I'])
  })
})
