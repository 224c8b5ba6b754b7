// Sign-in links are absolute, at the address the team uses: the proxy's public origin, the desktop app's
// share address, or the host's own; with no host serving people they stay relative.
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { ShareHost } from '../../src/main/hosts/electron/share'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { call } from '../helpers/dispatch'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

let app: StudioApp | null = null
const hosts: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
  await app?.close()
  app = null
})

async function newApp(): Promise<StudioApp> {
  app = createStudioApp({ dataDir: tempDir('skycap-links-'), roots: testRoots() })
  await call(app, 'project.create', { name: 'Links' })
  return app
}

async function host(opts: Omit<Parameters<typeof startHttpHost>[0], 'app'>): Promise<HttpHost> {
  const started = await startHttpHost({ app: app!, ...opts })
  hosts.push(started)
  return started
}

const linkOf = async (name: string) => (await call(app!, 'people.add', { name, role: 'annotator' })).link

describe('sign-in links', () => {
  it("name the proxy's public origin behind a reverse proxy", async () => {
    await newApp()
    await host({ publicOrigin: 'https://studio.example.com' })
    expect(await linkOf('Ada')).toMatch(/^https:\/\/studio\.example\.com\/\?token=skp_[0-9a-f]{16}_\d+_[\w-]{43}$/)
  })

  it("name the host's own address, and that link signs the person in", async () => {
    await newApp()
    const plain = await host({})
    const link = await linkOf('Bo')
    expect(link.startsWith(`http://127.0.0.1:${plain.port}/?token=skp_`)).toBe(true)
    const res = await fetch(link, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toMatch(/^skycap_session_\d+=[0-9a-f]{16}\.\d+\./)
  })

  it("name this machine's LAN address for a host on every interface", async () => {
    await newApp()
    const everywhere = await host({ host: '0.0.0.0' })
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address
    expect(await linkOf('Cy')).toMatch(new RegExp(`^http://${(lan ?? '127.0.0.1').replaceAll('.', '\\.')}:${everywhere.port}/\\?token=skp_`))
  })

  it("name the desktop app's share address while it shares, and are relative again once it stops", async () => {
    await newApp()
    const share = new ShareHost({ app: app!, interfaces: () => [{ name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true }] })
    hosts.push({ close: () => share.stop() })
    expect(await linkOf('Di')).toMatch(/^\/\?token=skp_/)
    const status = await share.start('127.0.0.1')
    expect((await linkOf('Ed')).startsWith(`${new URL(status.url).origin}/?token=skp_`)).toBe(true)
    await share.stop()
    expect(await linkOf('Fay')).toMatch(/^\/\?token=skp_/)
  })
})
