import { existsSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { tempDir } from '../test/helpers/temp'

const ROOT = resolve(import.meta.dirname, '..')

/** The electron package throws when its binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()

test.describe('Electron shell', () => {
  test.skip(!binary, 'Electron binary not installed (it downloads from GitHub, unreachable here)')

  test('opens a hardened window that reaches the API over IPC', async () => {
    const dataDir = tempDir('skycap-electron-')
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'out/main/index.js')],
      env: { ...process.env, SKYCAP_DATA_DIR: dataDir }
    })
    try {
      const page = await app.firstWindow()
      await expect(page).toHaveTitle('SkyCaptioner Studio')
      expect(page.url()).toMatch(/^app:\/\/studio\/index\.html/)

      const csp = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')))
      expect(csp).toContain("default-src 'self'")

      // Sandboxed, isolated, no Node integration: the page sees only the bridge.
      const exposed = await page.evaluate(() => ({
        keys: Object.keys((window as unknown as { studio: object }).studio).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process
      }))
      expect(exposed).toEqual({ keys: ['on', 'pick', 'request'], require: 'undefined', process: 'undefined' })

      const info = await page.evaluate(() =>
        (window as unknown as { studio: { request(r: string, i: unknown): Promise<unknown> } }).studio.request('app.info', {})
      )
      expect(info).toMatchObject({ ok: true, data: { project: null } })

      // window.open is denied and navigation away is blocked.
      expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true)
      await page.evaluate(() => (window.location.href = 'https://example.com')).catch(() => undefined)
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^app:\/\/studio\/index\.html/)
      expect(app.windows()).toHaveLength(1)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
