import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../../src/main/app'
import type { IpcMainLike } from '../../../src/main/hosts/electron/ipc'
import { ShareHost, shareInterfaces } from '../../../src/main/hosts/electron/share'
import { registerTeam, TEAM_CHANNEL } from '../../../src/main/hosts/electron/team'
import { TeamHosts } from '../../../src/main/hosts/electron/teamHosts'
import { addPerson, postAs } from '../../helpers/team'
import { studioFetch } from '../../helpers/loopback'
import { testRoots } from '../../helpers/roots'
import { tempDir } from '../../helpers/temp'

type Handler = (event: unknown, ...args: unknown[]) => unknown
interface Reply {
  ok: boolean
  data?: any
  error?: { code: string; message: string }
}

describe('"Share this project" through the desktop bridge (ipcMain faked: the Electron binary cannot run here)', () => {
  let app: StudioApp
  let handler: Handler
  const opened: [string, string][] = []
  const ask = async (request: unknown, sender = 'studio') => (await handler({ sender }, request)) as Reply

  beforeAll(() => {
    const dir = tempDir('skycap-share-')
    app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: testRoots() })
    const ipcMain: IpcMainLike = { handle: (channel, listener) => channel === TEAM_CHANNEL && (handler = listener), removeHandler: () => undefined }
    const noKeyStore = { available: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }
    registerTeam(ipcMain, {
      share: new ShareHost({ app }),
      interfaces: () => shareInterfaces(),
      hosts: new TeamHosts(dir, noKeyStore),
      openTeamWindow: (origin, token) => void opened.push([origin, token]),
      isTrustedSender: (event) => (event as { sender: string }).sender === 'studio'
    })
  })

  afterAll(async () => {
    await ask({ action: 'stopShare' })
    await app?.close()
  })

  it('lists the machine’s interfaces, loopback first', async () => {
    const list = (await ask({ action: 'interfaces' })).data as { address: string; internal: boolean }[]
    expect(list[0]).toMatchObject({ address: expect.stringMatching(/^(127\.|::1)/), internal: true })
    expect(list.map((i) => i.address)).toContain('127.0.0.1')
  })

  it('starts on the chosen address: the link’s token opens the API, no token is refused, a person’s link works too', async () => {
    const started = await ask({ action: 'share', address: '127.0.0.1' })
    expect(started.ok).toBe(true)
    const { url, port } = started.data as { url: string; port: number }
    const token = new URL(url).searchParams.get('token') as string
    expect(url).toBe(`http://127.0.0.1:${port}/?token=${token}`)
    expect((await ask({ action: 'shareStatus' })).data).toEqual({ sharing: { address: '127.0.0.1', port, url } })

    const api = `http://127.0.0.1:${port}/api/project.create`
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Shared' }) }
    expect((await fetch(api, init)).status).toBe(401)
    const created = await (await studioFetch({ token }, api, init)).json()
    expect(created.ok).toBe(true)

    const host = { port, token, url, close: async () => undefined }
    const ann = await addPerson(host, created.data.id, 'Ann', 'annotator')
    const me = await postAs(host, ann.token, 'people.me', {})
    expect(me.body.data).toMatchObject({ name: 'Ann', role: 'annotator' })
  })

  it('a second share while one runs is refused, and stopping closes the host', async () => {
    const { port } = (await ask({ action: 'shareStatus' })).data.sharing
    expect((await ask({ action: 'share', address: '127.0.0.1' })).error).toMatchObject({ code: 'conflict' })
    expect((await ask({ action: 'stopShare' })).data).toEqual({ sharing: null })
    await expect(fetch(`http://127.0.0.1:${port}/api/app.info`, { method: 'POST' })).rejects.toThrow()
    expect((await ask({ action: 'shareStatus' })).data).toEqual({ sharing: null })
  })

  it('an address this machine does not have, or a port in use, gives a clear error and leaves nothing shared', async () => {
    const missing = await ask({ action: 'share', address: '203.0.113.7' })
    expect(missing.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^203\.0\.113\.7 is not an address of this machine; choose one of: .*127\.0\.0\.1/)
    })
    const taken = createServer()
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    const busy = (taken.address() as { port: number }).port
    const clash = await ask({ action: 'share', address: '127.0.0.1', port: busy })
    taken.close()
    expect(clash.error).toEqual({ code: 'io_error', message: `Could not share on 127.0.0.1:${busy}: EADDRINUSE` })
    expect((await ask({ action: 'shareStatus' })).data).toEqual({ sharing: null })
  })

  it('refuses other frames and malformed requests; a connect link is checked before any window opens', async () => {
    expect((await ask({ action: 'interfaces' }, 'iframe')).error).toMatchObject({ code: 'unauthorized' })
    expect((await ask({ action: 'launch' })).error).toMatchObject({ code: 'invalid_input' })
    expect((await ask({ action: 'connect', link: 'http://studio.example.com/?token=' + 'k'.repeat(43) })).error?.message).toMatch(/needs https/)
    expect(opened).toEqual([])
    const link = `http://192.168.1.5:5178/?token=${'k'.repeat(43)}`
    expect((await ask({ action: 'connect', link })).data).toEqual({
      origin: 'http://192.168.1.5:5178',
      tokenKept: false,
      warning: expect.stringMatching(/plain http/)
    })
    expect(opened).toEqual([['http://192.168.1.5:5178', 'k'.repeat(43)]])
    // no key store: the host is remembered, the token is not, so reconnecting asks for the link
    expect((await ask({ action: 'hosts' })).data.hosts).toEqual([expect.objectContaining({ origin: 'http://192.168.1.5:5178', tokenKept: false })])
    expect((await ask({ action: 'reconnect', origin: 'http://192.168.1.5:5178' })).error).toMatchObject({ code: 'not_found' })
  })
})
