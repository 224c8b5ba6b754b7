import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudioApp } from '../../../src/main/app'
import { DROP_CHANNEL, registerDrop } from '../../../src/main/hosts/electron/drop'
import type { IpcMainLike } from '../../../src/main/hosts/electron/ipc'
import { call, fail } from '../../helpers/dispatch'
import { CLIP_2, CLIP_3 } from '../../helpers/fixtures'
import { tempDir } from '../../helpers/temp'

type Handler = (event: unknown, ...args: unknown[]) => unknown

describe('files dropped on the Library of the desktop app (ipcMain faked: the Electron binary cannot run here)', () => {
  // outside every root of this app (its roots are the defaults under its own data folder)
  const base = fs.realpathSync(tempDir('skycap-drop-'))
  const folder = path.join(base, 'shoot-1')
  const loose = path.join(base, 'loose')
  fs.mkdirSync(path.join(folder, 'day-2'), { recursive: true })
  fs.mkdirSync(loose)
  fs.copyFileSync(CLIP_2, path.join(folder, '2.mp4'))
  fs.copyFileSync(CLIP_3, path.join(folder, 'day-2', '3.mp4'))
  fs.copyFileSync(CLIP_3, path.join(loose, 'single.mp4'))
  fs.writeFileSync(path.join(loose, 'notes.txt'), 'a secret note')
  fs.writeFileSync(path.join(loose, 'clips.csv'), `path\n${path.join(loose, 'single.mp4')}\n`)
  const app = createStudioApp({ dataDir: path.join(base, 'data') })
  afterAll(() => app.close())

  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel)
  }
  const studioFrame = { frame: 'app://studio/index.html' }
  const dispose = registerDrop(ipcMain, { roots: app.roots, isTrustedSender: (event) => (event as typeof studioFrame).frame === studioFrame.frame })
  const drop = (paths: unknown, event: unknown = studioFrame) => handlers.get(DROP_CHANNEL)!(event, paths) as Promise<any>

  it('grants dropped folders, CSVs and videos as media, then they import like picked ones', async () => {
    await call(app, 'project.create', { name: 'dropped' })
    expect((await fail(app, 'clips.import', { kind: 'folder', path: folder })).code).toBe('forbidden')

    const dropped = await drop([folder, path.join(loose, 'single.mp4'), path.join(loose, 'clips.csv')])
    expect(dropped).toEqual({
      ok: true,
      data: {
        granted: [
          { path: folder, kind: 'folder' },
          { path: path.join(loose, 'single.mp4'), kind: 'file' },
          { path: path.join(loose, 'clips.csv'), kind: 'csv' }
        ],
        refused: []
      }
    })
    expect(await call(app, 'clips.import', { kind: 'folder', path: folder })).toMatchObject({ found: 2, added: 2, failed: [] })
    expect(await call(app, 'clips.import', { kind: 'file', path: path.join(loose, 'single.mp4') })).toMatchObject({ found: 1, added: 1, failed: [] })
    expect(await call(app, 'clips.import', { kind: 'csv', path: path.join(loose, 'clips.csv') })).toMatchObject({ found: 1, added: 0, alreadyPresent: 1 })
    const { rows } = await call(app, 'clips.list', {})
    expect(rows.map((r) => r.name).sort()).toEqual(['2.mp4', '3.mp4', 'single.mp4'])
  })

  it('grants a drop for reading only: the folder never becomes a place to export to or open projects from', async () => {
    expect((await call(app, 'files.list', { kind: 'media', path: folder })).entries.map((e) => e.name)).toEqual(['day-2', '2.mp4'])
    for (const kind of ['exports', 'projects', 'models']) expect((await fail(app, 'files.list', { kind, path: folder })).code, kind).toBe('forbidden')
  })

  it('refuses, by name and without granting, what cannot be imported: other files, missing paths, relative paths, a whole disk', async () => {
    const other = path.join(loose, 'notes.txt')
    const result = await drop([other, path.join(base, 'gone'), 'relative/clips', path.parse(base).root])
    expect(result.data).toEqual({
      granted: [],
      refused: [
        { name: 'notes.txt', problem: 'not a folder, a CSV or a video file' },
        { name: 'gone', problem: 'not found' },
        { name: 'clips', problem: 'not an absolute path' },
        { name: path.parse(base).root, problem: 'a whole disk cannot be imported: drop a folder on it' }
      ]
    })
    expect(JSON.stringify(result)).not.toContain('secret')
    expect(app.roots.contains('media', other)).toBe(false)
    expect(app.roots.contains('media', '/etc/passwd')).toBe(false)
  })

  it('accepts drops only from the studio page, and only as a list of paths', async () => {
    const elsewhere = path.join(base, 'elsewhere')
    fs.mkdirSync(elsewhere)
    expect(await drop([elsewhere], { frame: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    for (const bad of [elsewhere, [], [42], ['a\0b'], new Array(257).fill(elsewhere)]) {
      expect(await drop(bad), JSON.stringify(bad).slice(0, 40)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(app.roots.contains('media', elsewhere)).toBe(false)
  })

  it('removes its channel when disposed', () => {
    dispose()
    expect(handlers.has(DROP_CHANNEL)).toBe(false)
  })
})
