import os from 'node:os'
import path from 'node:path'

/** What the folder policy depends on: given, never read from the process, so each OS's answer can be tested anywhere. */
export interface FolderInputs {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  homedir: string
  /** --data-dir or the dataDir option: everything under it, as SKYCAP_DATA_DIR. */
  dataDir?: string
}

/** Where the studio keeps its files (docs/desktop.md, "Where the studio keeps its files"). */
export interface StudioFolders {
  /** Projects, settings.json and the default media and exports roots: the user's data, roaming on Windows. */
  data: string
  /** Downloaded and made GGUF files: multi-GB, so never in a roaming profile. */
  models: string
  /** Filmstrips, model hashes: all of it can be made again. */
  cache: string
  logs: string
  /** True when the OS policy chose the folders (older versions' folders are then looked for); false under SKYCAP_DATA_DIR or --data-dir. */
  native: boolean
}

/** The folder name on macOS and Windows, where folders carry the product's name. */
export const PRODUCT_FOLDER = 'SkyCaptioner Studio'
/** The folder name under XDG directories, and the package name Electron names its profile folder after. */
export const PACKAGE_FOLDER = 'skycaptioner-studio'

const pathFor = (platform: NodeJS.Platform) => (platform === 'win32' ? path.win32 : path.posix)

/** An XDG variable counts only when absolute (the XDG spec says to ignore relative ones). */
function xdg(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]
  return value && path.posix.isAbsolute(value) ? value : fallback
}

/** %APPDATA% (roaming) and %LOCALAPPDATA% (this machine only), with Windows' defaults when unset. */
function windowsBases(env: NodeJS.ProcessEnv, homedir: string): { roaming: string; local: string } {
  const p = path.win32
  return { roaming: env.APPDATA || p.join(homedir, 'AppData', 'Roaming'), local: env.LOCALAPPDATA || p.join(homedir, 'AppData', 'Local') }
}

/**
 * The one data-folder policy of the desktop app, `npm run serve` and the CLI. SKYCAP_DATA_DIR
 * wins, then --data-dir: everything under that one folder, as before, so a test run or a second
 * studio can be pointed elsewhere. Otherwise each OS's own places.
 */
export function studioFolders(input: FolderInputs): StudioFolders {
  const { platform, env, homedir } = input
  const explicit = env.SKYCAP_DATA_DIR || input.dataDir
  if (explicit) {
    const data = path.resolve(explicit)
    return { data, models: path.join(data, 'models'), cache: path.join(data, 'cache'), logs: path.join(data, 'logs'), native: false }
  }
  const p = pathFor(platform)
  if (platform === 'win32') {
    const { roaming, local } = windowsBases(env, homedir)
    const here = p.join(local, PRODUCT_FOLDER)
    return { data: p.join(roaming, PRODUCT_FOLDER), models: p.join(here, 'models'), cache: p.join(here, 'cache'), logs: p.join(here, 'logs'), native: true }
  }
  if (platform === 'darwin') {
    const library = p.join(homedir, 'Library')
    const data = p.join(library, 'Application Support', PRODUCT_FOLDER)
    return {
      data,
      models: p.join(data, 'models'),
      cache: p.join(library, 'Caches', PRODUCT_FOLDER),
      logs: p.join(library, 'Logs', PRODUCT_FOLDER),
      native: true
    }
  }
  const data = p.join(xdg(env, 'XDG_DATA_HOME', p.join(homedir, '.local', 'share')), PACKAGE_FOLDER)
  return {
    data,
    models: p.join(data, 'models'),
    cache: p.join(xdg(env, 'XDG_CACHE_HOME', p.join(homedir, '.cache')), PACKAGE_FOLDER),
    logs: p.join(xdg(env, 'XDG_STATE_HOME', p.join(homedir, '.local', 'state')), PACKAGE_FOLDER, 'logs'),
    native: true
  }
}

/**
 * Electron's Chromium profile (cookies, localStorage, its caches): the folder Electron has always
 * picked from the package name, pinned so a product name never moves it onto the projects'
 * folder and the renderer's localStorage stays where earlier versions left it.
 */
export function chromiumProfile(input: Omit<FolderInputs, 'dataDir'>): string {
  const { platform, env, homedir } = input
  const p = pathFor(platform)
  if (platform === 'win32') return p.join(windowsBases(env, homedir).roaming, PACKAGE_FOLDER)
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', PACKAGE_FOLDER)
  return p.join(xdg(env, 'XDG_CONFIG_HOME', p.join(homedir, '.config')), PACKAGE_FOLDER)
}

/** Where versions before this policy kept projects when not run as the desktop app: XDG on every OS. */
export function formerServeFolder(input: Omit<FolderInputs, 'dataDir'>): string {
  const p = pathFor(input.platform)
  return p.join(input.env.XDG_DATA_HOME || p.join(input.homedir, '.local', 'share'), PACKAGE_FOLDER)
}

/** The folder inputs of this process. */
export function thisMachine(): FolderInputs {
  return { platform: process.platform, env: process.env, homedir: os.homedir() }
}

/** The policy for this process. */
export function hostFolders(dataDir?: string): StudioFolders {
  return studioFolders({ ...thisMachine(), dataDir })
}

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings.json')
}
