import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MOVES_LOG } from '../../src/main/dataFolders/adopt'
import { layoutFor, populate } from '../dataFolders/layout'
import { startServe } from '../helpers/serve'
import { studioFetch } from '../helpers/loopback'
import { tempDir } from '../helpers/temp'

// The real `npm run serve` process in a home of its own, with no folder given: the OS policy decides.
const unset = {
  SKYCAP_DATA_DIR: '',
  XDG_DATA_HOME: '',
  XDG_CACHE_HOME: '',
  XDG_STATE_HOME: '',
  XDG_CONFIG_HOME: '',
  SKYCAP_PROJECTS_DIR: '',
  SKYCAP_MODELS_DIR: ''
}

describe('npm run serve on the folder policy (Linux)', () => {
  it("lists the desktop app's projects, moved from Electron's folder at start, and reopens the last one", async () => {
    const home = tempDir('skycap-serve-home-')
    const l = layoutFor('linux', home)
    populate(l)
    const token = randomBytes(24).toString('base64url')
    const served = startServe(['--port', '0', `--token=${token}`, '--static', home], { ...unset, HOME: home })
    try {
      const url = /serving at (http:\/\/\S+)/.exec(await served.line)![1].split('?')[0]
      const post = async (route: string) => {
        const res = await studioFetch({ token }, `${url}api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
        return ((await res.json()) as { data: never }).data
      }
      const info: { dataDir: string; modelsDir: string; cacheDir: string; project: { name: string } | null } = await post('app.info')
      expect(info.dataDir).toBe(path.join(home, '.local', 'share', 'skycaptioner-studio'))
      expect(info.cacheDir).toBe(path.join(home, '.cache', 'skycaptioner-studio'))
      expect(info.project?.name).toBe('Linux C')
      const listed: { name: string; path: string }[] = await post('project.list')
      expect(listed.map((p) => [p.name, p.path])).toEqual([
        ['Desktop A', path.join(info.dataDir, 'projects', 'a.sqlite')],
        ['Linux C', path.join(info.dataDir, 'projects', 'c.sqlite')]
      ])
      expect(fs.existsSync(path.join(info.dataDir, MOVES_LOG))).toBe(true)
      // the old default media root still serves its clips: it stays one
      expect(served.output()).toContain(path.join(l.profile, 'media'))
    } finally {
      await served.stop()
    }
  }, 60_000)
})
