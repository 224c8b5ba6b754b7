// Where versions before the one data-folder policy left the studio's files, and where each goes now.
import path from 'node:path'
import { chromiumProfile, formerServeFolder, settingsFile, type FolderInputs, type StudioFolders } from '../paths'

/** A studio folder in an old place and the folder its contents belong in now. */
export interface FolderMove {
  from: string
  to: string
}

export interface OldFolder {
  folder: string
  moves: FolderMove[]
  /** Its settings.json, merged into the current one; null when none belongs to it. */
  settings: string | null
  /** Its default media root: clips are registered by path, so it stays where it is and stays a media root. */
  media: string | null
}

/** The folders this studio uses: the policy's, with the projects, models and exports roots the host settled on. */
export interface Destinations extends StudioFolders {
  projects: string
  exports: string
}

/** The studio's own entries of a data folder as earlier versions laid it out (an Electron profile holds Chromium's files too: those stay). */
function studioEntries(folder: string, to: Destinations, userFiles: boolean): FolderMove[] {
  const userMoves = [
    { from: path.join(folder, 'projects'), to: to.projects },
    { from: path.join(folder, 'exports'), to: to.exports }
  ]
  return [
    ...(userFiles ? userMoves : []),
    { from: path.join(folder, 'models'), to: to.models },
    // only the studio's subfolder: on a case-insensitive disk "cache" is also Chromium's "Cache"
    { from: path.join(folder, 'cache', 'filmstrips'), to: path.join(to.cache, 'filmstrips') },
    { from: path.join(folder, 'logs'), to: to.logs }
  ].filter((m) => m.from !== m.to)
}

/**
 * The desktop app's profile folder (settings.json and projects/ next to Chromium's files), the
 * XDG folder serve and the CLI used on every OS, and the data folder itself, whose models,
 * caches and logs may now belong elsewhere (Windows: the local, non-roaming folder).
 */
export function oldFolders(input: Omit<FolderInputs, 'dataDir'>, to: Destinations): OldFolder[] {
  const seen = new Set([to.data])
  const found: OldFolder[] = []
  for (const folder of [chromiumProfile(input), formerServeFolder(input)]) {
    if (seen.has(folder)) continue
    seen.add(folder)
    found.push({ folder, moves: studioEntries(folder, to, true), settings: settingsFile(folder), media: path.join(folder, 'media') })
  }
  // the data folder's own projects and exports are where they belong (or where the operator's roots say)
  const own = studioEntries(to.data, to, false)
  if (own.length) found.push({ folder: to.data, moves: own, settings: null, media: null })
  return found
}
