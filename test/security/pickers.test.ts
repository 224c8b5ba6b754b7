import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { tempDir } from '../helpers/temp'

// The browser picker's route over the real HTTP host: an attacker with the token tries to list server folders outside the roots.
describe('threat model: the browser folder picker (files.list) lists only inside the roots', () => {
  const token = randomBytes(24).toString('base64url')
  let base: string
  let media: string
  let app: StudioApp
  let host: HttpHost

  beforeAll(async () => {
    base = fs.realpathSync(tempDir('skycap-sec-pickers-'))
    media = path.join(base, 'media')
    fs.mkdirSync(path.join(base, 'outside'), { recursive: true })
    fs.mkdirSync(media)
    fs.writeFileSync(path.join(base, 'outside', 'payroll.csv'), 'path\n/secret\n')
    fs.writeFileSync(path.join(media, 'clips.csv'), 'path\n')
    fs.symlinkSync(path.join(base, 'outside'), path.join(media, 'escape'))
    app = createStudioApp({ dataDir: path.join(base, 'data'), roots: { media: [media] } })
    host = await startHttpHost({ app, port: 0, token })
  })

  afterAll(async () => {
    await host?.close()
    await app?.close()
  })

  async function list(input: object) {
    const response = await fetch(`http://127.0.0.1:${host.port}/api/files.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-studio-token': token },
      body: JSON.stringify(input)
    })
    return { status: response.status, text: await response.text() }
  }

  it('lists a media root (the control: the route works)', async () => {
    const { status, text } = await list({ kind: 'media', path: media })
    expect(status).toBe(200)
    expect(JSON.parse(text).data.entries.map((e: { name: string }) => e.name)).toEqual(['clips.csv'])
  })

  for (const [attack, folder] of [
    ['the file system root', () => '/'],
    ['/etc', () => '/etc'],
    ['a .. escape from a root', () => `${media}/..`],
    ['a deeper .. escape to a sibling folder', () => `${media}/../outside`],
    ['a symlink out of a root', () => path.join(media, 'escape')],
    ['a relative path', () => '../../etc']
  ] as const) {
    it(`refuses to list ${attack} with 403, naming the roots and listing nothing`, async () => {
      const { status, text } = await list({ kind: 'media', path: folder() })
      expect(status).toBe(403)
      const body = JSON.parse(text)
      expect(body).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      expect(body.error.message).toContain(media)
      expect(body.data).toBeUndefined()
      for (const leaked of ['payroll', 'passwd', 'shadow', 'hosts']) expect(text).not.toContain(leaked)
    })
  }

  it('does not show a link out of the root inside a root listing', async () => {
    const { text } = await list({ kind: 'media', path: media })
    expect(text).not.toContain('escape')
  })

  it('refuses another kind of root: the media root is not a models folder', async () => {
    expect((await list({ kind: 'models', path: media })).status).toBe(403)
  })
})
