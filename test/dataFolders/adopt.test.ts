import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { adoptOldFolders, MOVES_LOG } from '../../src/main/dataFolders/adopt'
import { realOps, sideName, type MoveOps } from '../../src/main/dataFolders/move'
import { createStudioApp } from '../../src/main/app'
import { ProjectStore } from '../../src/main/store/project'
import { call } from '../helpers/dispatch'
import { testRoots } from '../helpers/roots'
import { scratch } from '../helpers/temp'
import { filesUnder, layoutFor, populate, readJson, write, type Layout } from './layout'

const home = scratch('skycap-folders-')
const nameOf = (file: string) => ProjectStore.peek(file).name

/** What a finished move leaves, whatever happened on the way. */
function expectAdopted(l: Layout): void {
  const { to, profile, serve } = l
  expect(nameOf(path.join(to.projects, 'a.sqlite'))).toBe('Desktop A') // its WAL came along
  expect(fs.readFileSync(path.join(to.models, 'm.gguf'), 'utf8')).toBe('model bytes')
  expect(fs.readFileSync(path.join(to.models, 'm-mmproj.gguf'), 'utf8')).toBe('projector bytes')
  expect(fs.readFileSync(path.join(to.cache, 'filmstrips', 'k1', '0.jpg'), 'utf8')).toBe('jpeg 1')
  expect(fs.readFileSync(path.join(to.logs, 'llama-server.log'), 'utf8')).toBe('log 1')
  expect(fs.readFileSync(path.join(to.exports, 'out.csv'), 'utf8')).toBe('csv')
  // Chromium's files and the clips (registered by path) stay in the profile; the studio's own files left it
  expect(filesUnder(profile)).toEqual(['Local Storage/leveldb/000003.log', 'Preferences', 'media/clip.mp4'])
  const settings = readJson(path.join(to.data, 'settings.json'))
  const text = JSON.stringify(settings)
  expect(text).not.toContain(profile + path.sep)
  expect(settings.localModels).toContainEqual({ model: path.join(to.models, 'm.gguf'), mmproj: path.join(to.models, 'm-mmproj.gguf') })
  expect(Object.keys(settings.modelHashes)).toEqual([path.join(to.models, 'm.gguf')])
  if (serve) {
    // same name in both: kept side by side; the same model in both: kept once
    expect(nameOf(path.join(to.projects, 'a-moved.sqlite'))).toBe('Serve A')
    expect(nameOf(path.join(to.projects, 'b.sqlite'))).toBe('Serve B')
    expect(filesUnder(to.models)).toEqual(['m-mmproj.gguf', 'm.gguf', 'n.gguf'])
    expect(fs.existsSync(serve)).toBe(false)
    expect(text).not.toContain(serve + path.sep)
    expect(settings.lastProject).toBe(path.join(to.projects, 'a.sqlite')) // the desktop app's, merged first
    expect(settings.modelRepos).toEqual(['x/y', 'z/w'])
    expect(settings.localModels).toContainEqual({ model: path.join(to.models, 'n.gguf') })
  } else {
    expect(nameOf(path.join(to.projects, 'c.sqlite'))).toBe('Linux C')
    expect(filesUnder(path.join(to.cache, 'filmstrips'))).toEqual(['k1/0.jpg', 'k2/0.jpg'])
    expect(fs.readFileSync(path.join(to.logs, 'old.log'), 'utf8')).toBe('log 2')
    const kept = filesUnder(to.data).filter((f) => !/-(wal|shm)$/.test(f)) // reading a project leaves its -shm
    expect(kept).toEqual(['exports/out.csv', 'models/m-mmproj.gguf', 'models/m.gguf', MOVES_LOG, 'projects/a.sqlite', 'projects/c.sqlite', 'settings.json'])
    expect(settings.lastProject).toBe(path.join(to.projects, 'c.sqlite')) // the current folder's setting wins
    expect(settings.modelRepos).toEqual(['q/r', 'x/y'])
  }
  expect(filesUnder(l.home).filter((f) => f.endsWith('.partial-move') || f.endsWith('.moving'))).toEqual([])
}

/** Stops, as a crash would, at the `stopAt`-th write; optionally every rename out of an old folder fails as across volumes. */
function crashingOps(stopAt: number, olds: string[], acrossVolumes: boolean): MoveOps & { writes: number } {
  const ops = {
    writes: 0,
    step(): void {
      if (ops.writes++ === stopAt) throw new Error('crash')
    },
    rename(from: string, to: string) {
      ops.step()
      if (acrossVolumes && olds.some((o) => from.startsWith(o + path.sep))) throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' })
      realOps.rename(from, to)
    },
    copyFile: (from: string, to: string) => (ops.step(), realOps.copyFile(from, to)),
    unlink: (file: string) => (ops.step(), realOps.unlink(file)),
    writeFile: (file: string, t: string) => (ops.step(), realOps.writeFile(file, t))
  }
  return ops
}

describe('moving the folders earlier versions left', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`finds and moves them for the ${platform} policy, losing nothing, and a second start changes nothing`, () => {
      const l = layoutFor(platform, home(platform))
      populate(l)
      const adopted = adoptOldFolders(l.olds, l.to)
      expectAdopted(l)
      expect(adopted.mediaRoots).toEqual([path.join(l.profile, 'media')])
      const log = fs.readFileSync(path.join(l.to.data, MOVES_LOG), 'utf8')
      expect(log).toContain(JSON.stringify(path.join(l.profile, 'projects', 'a.sqlite')))
      const again = adoptOldFolders(l.olds, l.to)
      expect(again.records).toEqual([])
      expectAdopted(l)
    })
  }

  for (const acrossVolumes of [false, true]) {
    it(`resumes without loss after a crash at any step (${acrossVolumes ? 'copy, compare, remove across volumes' : 'renames on one volume'})`, () => {
      for (let stopAt = 0; ; stopAt++) {
        const l = layoutFor('darwin', home(`crash-${stopAt}`))
        populate(l)
        const otherVolumes = l.olds.map((o) => o.folder).filter((f) => f !== l.to.data)
        const ops = crashingOps(stopAt, otherVolumes, acrossVolumes)
        let crashed = false
        try {
          adoptOldFolders(l.olds, l.to, ops)
        } catch (err) {
          expect((err as Error).message).toBe('crash')
          crashed = true
        }
        adoptOldFolders(l.olds, l.to)
        expectAdopted(l)
        if (!crashed) break
      }
    })
  }

  it('leaves a project another program has open, and moves it at a later start once closed', () => {
    const l = layoutFor('darwin', home('in-use'))
    populate(l)
    const file = path.join(l.profile, 'projects', 'a.sqlite')
    const open = ProjectStore.open(file)
    const first = adoptOldFolders(l.olds, l.to)
    expect(first.records).toContainEqual(expect.objectContaining({ action: 'left', from: file }))
    expect(nameOf(file)).toBe('Desktop A')
    // the serve folder's a.sqlite took the free name; the setting keeps pointing at the file still in use
    expect(nameOf(path.join(l.to.projects, 'a.sqlite'))).toBe('Serve A')
    expect(readJson(path.join(l.to.data, 'settings.json')).lastProject).toBe(file)
    open.close()
    adoptOldFolders(l.olds, l.to)
    expect(nameOf(path.join(l.to.projects, 'a-moved.sqlite'))).toBe('Desktop A')
    expect(readJson(path.join(l.to.data, 'settings.json')).lastProject).toBe(path.join(l.to.projects, 'a-moved.sqlite'))
    expect(fs.existsSync(path.join(l.profile, 'projects'))).toBe(false)
  })

  it('keeps an unreadable old settings.json aside in the data folder instead of dropping it', () => {
    const l = layoutFor('win32', home('unreadable'))
    populate(l)
    write(path.join(l.profile, 'settings.json'), '{"lastProject": ')
    adoptOldFolders(l.olds, l.to)
    expect(fs.readFileSync(path.join(l.to.data, 'settings-unreadable.json'), 'utf8')).toBe('{"lastProject": ')
    expect(readJson(path.join(l.to.data, 'settings.json')).lastProject).toBe(path.join(l.to.projects, 'b.sqlite'))
  })

  it('reopens the last project at its new place when the studio starts on the moved folders', async () => {
    const l = layoutFor('linux', home('app'))
    populate(l)
    adoptOldFolders(l.olds, l.to)
    const app = createStudioApp({ dataDir: l.to.data, roots: testRoots({ projects: l.to.projects }) })
    try {
      const info = await call(app, 'app.info', {})
      expect(info.project?.name).toBe('Linux C')
      expect(info.dataDir).toBe(l.to.data)
      const listed = await call(app, 'project.list', {})
      expect(listed.map((p) => p.name)).toEqual(['Desktop A', 'Linux C'])
    } finally {
      await app.close()
    }
  })

  it('names a file kept beside one of the same name so a project keeps its -wal and -shm names', () => {
    expect(sideName('/p/a.sqlite', 1)).toBe('/p/a-moved.sqlite')
    expect(sideName('/p/a.sqlite-wal', 2)).toBe('/p/a-moved-2.sqlite-wal')
    expect(sideName('/p/m.Q4_K_M.gguf', 1)).toBe('/p/m.Q4_K_M-moved.gguf')
    expect(sideName('/p/notes', 1)).toBe('/p/notes-moved')
  })
})
