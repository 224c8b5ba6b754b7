import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../../src/main/app'
import { EVENT_CHANNEL, REQUEST_CHANNEL, registerIpc, type IpcMainLike } from '../../../src/main/hosts/electron/ipc'
import type { ApiResult } from '../../../src/shared/errors'
import { tempDir } from '../../helpers/temp'
import { testRoots } from '../../helpers/roots'

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/skycaptioner_v1')

type Handler = (event: unknown, ...args: unknown[]) => unknown

/** Stands in for Electron's ipcMain: it only records handlers, which the tests then invoke. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler: (channel) => void handlers.delete(channel)
  }
  return { ipcMain, handlers }
}

function fakeWindow(destroyed = false) {
  const sent: unknown[][] = []
  return { sent, window: { isDestroyed: () => destroyed, webContents: { send: (...args: unknown[]) => void sent.push(args) } } }
}

describe('IPC transport against the real router (Electron ipcMain mocked: the binary is unavailable here)', () => {
  let dir: string
  let app: StudioApp
  const { ipcMain, handlers } = fakeIpcMain()
  const open = fakeWindow()
  const closed = fakeWindow(true)
  const trusted = { senderFrame: { url: 'app://studio/index.html' } }
  let dispose: () => void
  /** The id of the project the test creates: every project route names it, as the renderer does. */
  let project: string

  const invoke = (route: unknown, input: unknown, event: unknown = trusted) => handlers.get(REQUEST_CHANNEL)!(event, route, input) as Promise<ApiResult<any>>
  /** The data of a request that must succeed. */
  const data = async (route: string, input: unknown) => {
    const result = await invoke(route, input)
    if (!result.ok) throw new Error(`${route} failed: ${JSON.stringify(result.error)}`)
    return result.data
  }

  beforeAll(() => {
    dir = tempDir('skycap-ipc-')
    app = createStudioApp({ dataDir: dir, roots: testRoots() })
    dispose = registerIpc(ipcMain, app, () => [open.window, closed.window], {
      isTrustedSender: (event) => (event as typeof trusted).senderFrame?.url.startsWith('app://studio/')
    })
  })

  afterAll(async () => {
    dispose?.()
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('registers exactly one request channel', () => {
    expect([...handlers.keys()]).toEqual([REQUEST_CHANNEL])
  })

  it('creates a project, imports the fixtures and reads them back from SQLite', async () => {
    const created = await invoke('project.create', { name: 'IPC test' })
    expect(created).toMatchObject({ ok: true, data: { name: 'IPC test', clipCount: 0 } })
    project = created.ok && created.data.id

    const report = await data('clips.import', { kind: 'folder', path: FIXTURES, project })
    expect(report).toMatchObject({ found: 2, added: 2, alreadyPresent: 0 })

    const again = await data('clips.import', { kind: 'folder', path: FIXTURES, project })
    expect(again).toMatchObject({ added: 0, alreadyPresent: 2 })

    const list = await data('clips.list', { sort: 'name', project })
    expect(list.total).toBe(2)
    expect(list.rows.map((r: { name: string }) => r.name)).toEqual(['2.mp4', '3.mp4'])

    const detail = await data('clips.get', { id: list.rows[0].id, project })
    expect(detail.clip).toMatchObject({ width: expect.any(Number), codec: expect.any(String), importError: null })
  })

  it('saves a revision and returns it in the history', async () => {
    const clipId = (await data('clips.list', { project })).rows[0].id
    const caption = {
      subjects: [],
      shot_type: 'close_up',
      shot_angle: 'eye_level',
      shot_position: 'front_view',
      camera_motion: 'static',
      environment: 'a snowy slope',
      lighting: 'daylight'
    }
    const saved = await invoke('captions.save', { clipId, caption, status: 'in_progress', annotator: 'ipc', baseNumber: 0, project })
    expect(saved).toMatchObject({ ok: true, data: { clipId, number: 1, caption: { shot_type: 'close_up' } } })

    const stale = await invoke('captions.save', { clipId, caption, status: 'approved', annotator: 'ipc', baseNumber: 0, project })
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })

    expect(await data('captions.history', { clipId, project })).toHaveLength(1)
  })

  it('forwards bus events to live windows only', () => {
    const progress = open.sent.filter(([channel, name]) => channel === EVENT_CHANNEL && name === 'import.progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress[0][2]).toMatchObject({ project, done: expect.any(Number), total: expect.any(Number) })
    expect(closed.sent).toEqual([])
  })

  it('returns error envelopes for unknown routes, invalid input and bad route names', async () => {
    expect(await invoke('clips.explode', {})).toMatchObject({ ok: false, error: { code: 'unknown_route' } })

    const invalid = await invoke('clips.get', { id: 'one', project })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(Array.isArray(invalid.ok === false && invalid.error.details)).toBe(true)

    expect(await invoke({ route: 'app.info' }, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await invoke('clips.get', { id: 999999, project })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // A project route must name its project, and only an open one.
    expect(await invoke('clips.get', { id: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/project: every request about project data names its project/) }
    })
    expect(await invoke('clips.get', { id: 1, project: 'ffffffffffffffff' })).toMatchObject({ ok: false, error: { code: 'no_project' } })
  })

  it('refuses requests from frames that are not the studio page', async () => {
    const foreign = { senderFrame: { url: 'https://evil.example/' } }
    expect(await invoke('app.info', {}, foreign)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('unregisters its channel and stops forwarding when disposed', () => {
    dispose()
    expect(handlers.size).toBe(0)
    const before = open.sent.length
    app.bus.emit('clips.changed', { ids: 'all', project })
    expect(open.sent.length).toBe(before)
  })
})
