import { describe, expect, it } from 'vitest'
import { mergeSettings, rewritePaths, type PathMap } from '../../src/main/dataFolders/settingsMerge'

const nowhere = () => false

describe('merging an old settings.json', () => {
  it('keeps the current values, adds what only the old file has and joins lists without repeats', () => {
    const current = { lastProject: '/new/a.sqlite', modelRepos: ['x/y'], window: { width: 900 } }
    const old = { lastProject: '/old/b.sqlite', modelRepos: ['x/y', 'z/w'], window: { width: 1200, height: 800 }, annotator: 'ana' }
    expect(mergeSettings(current, old)).toEqual({
      lastProject: '/new/a.sqlite',
      modelRepos: ['x/y', 'z/w'],
      window: { width: 900, height: 800 },
      annotator: 'ana'
    })
  })

  it('points paths, keys included, at where their files went; a logged file move wins over its folder', () => {
    const map: PathMap = {
      files: new Map([['/old/projects/a.sqlite', '/new/projects/a-moved.sqlite']]),
      folders: [
        { from: '/old/projects', to: '/new/projects' },
        { from: 'C:\\Users\\ana\\AppData\\Roaming\\skycaptioner-studio\\models', to: 'D:\\Local\\SkyCaptioner Studio\\models' }
      ]
    }
    const settings = {
      lastProject: '/old/projects/a.sqlite',
      other: '/old/projects/b.sqlite',
      near: '/old/projects-2/c.sqlite',
      repo: 'Skywork/SkyCaptioner-V1-GGUF',
      hashes: { 'c:\\users\\ana\\appdata\\roaming\\skycaptioner-studio\\models\\m.gguf': 1 }
    }
    expect(rewritePaths(settings, map, nowhere)).toEqual({
      lastProject: '/new/projects/a-moved.sqlite',
      other: '/new/projects/b.sqlite',
      near: '/old/projects-2/c.sqlite',
      repo: 'Skywork/SkyCaptioner-V1-GGUF',
      hashes: { 'D:\\Local\\SkyCaptioner Studio\\models\\m.gguf': 1 }
    })
  })

  it('keeps a path whose file is still at its old place (a project left because it was in use)', () => {
    const map: PathMap = { files: new Map(), folders: [{ from: '/old/projects', to: '/new/projects' }] }
    expect(rewritePaths({ lastProject: '/old/projects/a.sqlite' }, map, (p) => p === '/old/projects/a.sqlite')).toEqual({
      lastProject: '/old/projects/a.sqlite'
    })
  })
})
