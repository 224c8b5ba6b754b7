/** What the desktop app's menu asks the page to do, sent as the 'menu.command' event (hosts/electron/menu.ts). */
export const MENU_COMMANDS = ['project.new', 'project.open', 'clips.import', 'help.shortcuts', 'help.about'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export type DesktopEvents = {
  'menu.command': { command: MenuCommand }
}
