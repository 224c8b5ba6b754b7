import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudioApp } from '../../../src/main/app'
import { PICK_CHANNEL, registerPicker, type OpenOptions } from '../../../src/main/hosts/electron/picker'
import type { IpcMainLike } from '../../../src/main/hosts/electron/ipc'
import { call, fail } from '../../helpers/dispatch'
import { tempDir } from '../../helpers/temp'

type Handler = (event: unknown, ...args: unknown[]) => unknown

/** Stands in for Electron's dialog: it answers with the paths a test queues and records what it was asked. */
function fakeDialog() {
  const asked: { window: string; options: OpenOptions }[] = []
  const answers: { canceled: boolean; filePaths: string[] }[] = []
  return {
    asked,
    answers,
    dialog: {
      showOpenDialog: async (window: string, options: OpenOptions) => {
        asked.push({ window, options })
        return answers.shift() ?? { canceled: true, filePaths: [] }
      }
    }
  }
}

describe('native file and folder dialog of the desktop app (Electron dialog and ipcMain faked: the binary cannot run here)', () => {
  const base = fs.realpathSync(tempDir('skycap-picker-'))
  const elsewhere = path.join(base, 'elsewhere')
  fs.mkdirSync(elsewhere)
  fs.writeFileSync(path.join(elsewhere, 'clips.csv'), 'path\n')
  const app = createStudioApp({ dataDir: path.join(base, 'data') })
  afterAll(() => app.close())

  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel)
  }
  const fake = fakeDialog()
  const studioFrame = { frame: 'app://studio/index.html', window: 'main window' }
  const dispose = registerPicker(ipcMain, {
    dialog: fake.dialog,
    roots: app.roots,
    windowOf: (event) => (event as typeof studioFrame).window ?? null,
    isTrustedSender: (event) => (event as typeof studioFrame).frame === 'app://studio/index.html'
  })
  const pick = (request: unknown, event: unknown = studioFrame) => handlers.get(PICK_CHANNEL)!(event, request)

  it('opens a folder dialog modal to the asking window, starting in the first root of the kind', async () => {
    expect(await pick({ kind: 'exports', mode: 'folder', title: 'Export folder' })).toEqual({ ok: true, data: { path: null } })
    expect(fake.asked.at(-1)).toEqual({
      window: 'main window',
      options: { title: 'Export folder', defaultPath: path.join(base, 'data', 'exports'), properties: ['openDirectory', 'createDirectory'], filters: undefined }
    })
  })

  it('opens a file dialog filtered to the extensions asked for', async () => {
    await pick({ kind: 'models', mode: 'file', extensions: ['gguf'] })
    expect(fake.asked.at(-1)?.options).toMatchObject({ properties: ['openFile'], filters: [{ name: 'GGUF', extensions: ['gguf'] }] })
  })

  it('grants what the user picked, so the routes that check the roots accept it; a cancel grants nothing', async () => {
    expect((await fail(app, 'files.list', { kind: 'media', path: elsewhere })).code).toBe('forbidden')
    fake.answers.push({ canceled: true, filePaths: [elsewhere] })
    expect(await pick({ kind: 'media', mode: 'folder' })).toEqual({ ok: true, data: { path: null } })
    expect(app.roots.contains('media', elsewhere)).toBe(false)

    fake.answers.push({ canceled: false, filePaths: [elsewhere] })
    expect(await pick({ kind: 'media', mode: 'folder' })).toEqual({ ok: true, data: { path: elsewhere } })
    expect((await call(app, 'files.list', { kind: 'media', path: elsewhere })).entries.map((e) => e.name)).toEqual(['clips.csv'])
  })

  it('refuses other frames, senders without a studio window and malformed requests, without opening a dialog', async () => {
    const before = fake.asked.length
    expect(await pick({ kind: 'media', mode: 'folder' }, { frame: 'https://evil.example/', window: 'main window' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' }
    })
    expect(await pick({ kind: 'media', mode: 'folder' }, { frame: 'app://studio/index.html' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await pick({ kind: 'home', mode: 'folder' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await pick({ kind: 'media', mode: 'folder', defaultPath: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(fake.asked.length).toBe(before)
  })

  it('removes its channel when disposed', () => {
    dispose()
    expect(handlers.has(PICK_CHANNEL)).toBe(false)
  })
})
