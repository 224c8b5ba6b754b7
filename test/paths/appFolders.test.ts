import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudioApp } from '../../src/main/app'
import { HashCache } from '../../src/main/models/hashes'
import type { StudioFolders } from '../../src/main/paths'
import { EXAMPLES_DIR, SHARED_DIR } from '../helpers/fixtures'
import { call } from '../helpers/dispatch'
import { scratch } from '../helpers/temp'

const dir = scratch('skycap-app-folders-')

describe('the studio on split folders (as the Windows policy splits them)', () => {
  it('keeps projects and settings in the data folder, models and caches elsewhere, and says where', async () => {
    const folders: StudioFolders = { data: dir('roaming'), models: dir('models'), cache: dir('cache'), logs: dir('logs'), native: false }
    const app = createStudioApp({ folders, roots: { media: [SHARED_DIR] } })
    try {
      const created = await call(app, 'project.create', { name: 'split' })
      expect(path.dirname(created.path)).toBe(path.join(folders.data, 'projects'))
      expect(fs.existsSync(path.join(folders.data, 'settings.json'))).toBe(true)
      const info = await call(app, 'app.info', {})
      expect({ dataDir: info.dataDir, modelsDir: info.modelsDir, cacheDir: info.cacheDir }).toEqual({
        dataDir: folders.data,
        modelsDir: folders.models,
        cacheDir: folders.cache
      })
      expect(app.roots.folders('models')).toEqual([fs.realpathSync(folders.models)])

      await call(app, 'clips.import', { kind: 'folder', path: EXAMPLES_DIR })
      const [row] = (await call(app, 'clips.list', {})).rows
      const jpeg = await app.filmstripFrame(created.id, row.id, 0)!.file()
      expect(path.relative(path.join(folders.cache, 'filmstrips'), jpeg)).not.toMatch(/^\.\./)
      expect(fs.existsSync(jpeg)).toBe(true)
      expect(fs.existsSync(path.join(folders.data, 'cache'))).toBe(false)
    } finally {
      await app.close()
    }
  })

  it('caches model hashes in the cache folder, not in the roaming settings', async () => {
    const cache = dir('hash-cache')
    const model = path.join(dir('hash-models'), 'm.gguf')
    fs.writeFileSync(model, 'model bytes')
    const hashes = new HashCache(cache)
    const sha = await hashes.ensure(model)
    expect(sha).toMatch(/^[0-9a-f]{64}$/)
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(cache, 'model-hashes.json'), 'utf8')))).toEqual([model])
    expect(new HashCache(cache).cached(model)).toBe(sha)
  })
})
