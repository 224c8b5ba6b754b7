import { describe, expect, it } from 'vitest'
import { chromiumProfile, formerServeFolder, studioFolders } from '../../src/main/paths'

const win = { platform: 'win32' as const, homedir: 'C:\\Users\\ana' }
const mac = { platform: 'darwin' as const, homedir: '/Users/ana' }
const linux = { platform: 'linux' as const, homedir: '/home/ana' }

describe('the data-folder policy', () => {
  it('on Windows keeps projects in the roaming profile and models, caches and logs in the local one', () => {
    const env = { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', LOCALAPPDATA: 'D:\\Local' }
    expect(studioFolders({ ...win, env })).toEqual({
      data: 'C:\\Users\\ana\\AppData\\Roaming\\SkyCaptioner Studio',
      models: 'D:\\Local\\SkyCaptioner Studio\\models',
      cache: 'D:\\Local\\SkyCaptioner Studio\\cache',
      logs: 'D:\\Local\\SkyCaptioner Studio\\logs',
      native: true
    })
    // without the variables, Windows' own defaults under the profile
    expect(studioFolders({ ...win, env: {} }).models).toBe('C:\\Users\\ana\\AppData\\Local\\SkyCaptioner Studio\\models')
  })

  it('on macOS uses Application Support for projects and models, Caches and Logs for the rest', () => {
    expect(studioFolders({ ...mac, env: { XDG_DATA_HOME: '/x' } })).toEqual({
      data: '/Users/ana/Library/Application Support/SkyCaptioner Studio',
      models: '/Users/ana/Library/Application Support/SkyCaptioner Studio/models',
      cache: '/Users/ana/Library/Caches/SkyCaptioner Studio',
      logs: '/Users/ana/Library/Logs/SkyCaptioner Studio',
      native: true
    })
  })

  it('on Linux follows the XDG directories, ignoring relative values as the spec says', () => {
    expect(studioFolders({ ...linux, env: { XDG_DATA_HOME: '/d', XDG_CACHE_HOME: '/c', XDG_STATE_HOME: '/s' } })).toEqual({
      data: '/d/skycaptioner-studio',
      models: '/d/skycaptioner-studio/models',
      cache: '/c/skycaptioner-studio',
      logs: '/s/skycaptioner-studio/logs',
      native: true
    })
    const folders = studioFolders({ ...linux, env: { XDG_DATA_HOME: 'rel', XDG_CACHE_HOME: '' } })
    expect(folders.data).toBe('/home/ana/.local/share/skycaptioner-studio')
    expect(folders.cache).toBe('/home/ana/.cache/skycaptioner-studio')
  })

  it('puts everything under SKYCAP_DATA_DIR, then under --data-dir, as before, and then looks for no old folders', () => {
    expect(studioFolders({ ...linux, env: { SKYCAP_DATA_DIR: '/env/dir' }, dataDir: '/opt/x' })).toEqual({
      data: '/env/dir',
      models: '/env/dir/models',
      cache: '/env/dir/cache',
      logs: '/env/dir/logs',
      native: false
    })
    expect(studioFolders({ ...mac, env: {}, dataDir: '/opt/x' }).data).toBe('/opt/x')
  })

  it("keeps Chromium's profile where Electron put it, never the projects' folder", () => {
    for (const os of [win, mac, linux]) {
      const env = { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }
      expect(chromiumProfile({ ...os, env })).not.toBe(studioFolders({ ...os, env }).data)
    }
    expect(chromiumProfile({ ...linux, env: {} })).toBe('/home/ana/.config/skycaptioner-studio')
    expect(chromiumProfile({ ...mac, env: {} })).toBe('/Users/ana/Library/Application Support/skycaptioner-studio')
    expect(chromiumProfile({ ...win, env: {} })).toBe('C:\\Users\\ana\\AppData\\Roaming\\skycaptioner-studio')
  })

  it('knows the XDG folder earlier versions of serve and the CLI used on every OS', () => {
    expect(formerServeFolder({ ...mac, env: {} })).toBe('/Users/ana/.local/share/skycaptioner-studio')
    expect(formerServeFolder({ ...win, env: {} })).toBe('C:\\Users\\ana\\.local\\share\\skycaptioner-studio')
    expect(formerServeFolder({ ...linux, env: {} })).toBe(studioFolders({ ...linux, env: {} }).data)
  })
})
