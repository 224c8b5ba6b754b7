import { expect, test, type Page, type Route } from '@playwright/test'
import { seedProject, studioUrl } from './helpers'

async function open(page: Page, hash: string): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'loading annotator'))
  await page.goto(new URL(hash, studioUrl()).href)
}

/** Paths of the JavaScript files the page has fetched. */
const scriptsFetched = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith('.js'))
  )

test('the Library shows while the Models, Export and Report code is held back, and each screen opens with its own code', async ({ page }) => {
  await seedProject(page.request, 'e2e chunks')
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(err.message))
  page.on(
    'console',
    (message) => message.type() === 'error' && /Content Security Policy|dynamically imported module/.test(message.text()) && problems.push(message.text())
  )
  const held: Route[] = []
  const otherScreens = /\/assets\/(ModelsView|ExportView|ReportView)-[\w-]+\.js$/
  await page.route(otherScreens, (route) => void held.push(route))

  await open(page, '#/library')
  await expect(page.getByRole('row').filter({ hasText: '2.mp4' })).toBeVisible()

  // Let them through, then visit each screen: its code is served as JavaScript from the renderer folder.
  for (const route of held.splice(0)) await route.continue()
  await page.unroute(otherScreens)
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const [screen, heading] of [
    ['Models', 'Active model'],
    ['Export', 'Export training data'],
    ['Report', 'Model vs human agreement'],
    ['Projects', 'New project']
  ]) {
    await nav.getByRole('button', { name: screen }).click()
    await expect(page.getByRole('heading', { name: heading })).toBeVisible()
  }
  const scripts = await scriptsFetched(page)
  for (const chunk of ['LibraryView', 'ModelsView', 'ExportView', 'ReportView', 'ProjectsView', 'ReviewView']) {
    expect(
      scripts.some((p) => p.startsWith(`/assets/${chunk}-`)),
      `${chunk} chunk in ${scripts.join(', ')}`
    ).toBe(true)
  }
  for (const script of scripts) {
    const res = await page.request.get(new URL(script, studioUrl()).href)
    expect(res.status(), script).toBe(200)
    expect(res.headers()['content-type'], script).toMatch(/^text\/javascript/)
  }
  expect(problems).toEqual([])
})

test('the filmstrip asks for its first thumbnail alone and the other 15 once it is there', async ({ page }) => {
  const ids = await seedProject(page.request, 'e2e filmstrip order')
  const clip = ids['2.mp4']
  const asked: number[] = []
  let release = (): void => undefined
  const firstHeld = new Promise<void>((resolve) => (release = resolve))
  await page.route(new RegExp(`/media/[0-9a-f]{16}/${clip}/filmstrip/\\d+\\.jpg`), async (route) => {
    const slot = Number(/filmstrip\/(\d+)\.jpg/.exec(route.request().url())?.[1])
    asked.push(slot)
    if (slot === 0) await firstHeld
    await route.continue()
  })

  await open(page, `#/review/${clip}`)
  const strip = page.getByRole('list', { name: 'Frames the model saw' })
  await expect(strip.getByRole('button')).toHaveCount(16)
  await expect.poll(() => asked).toEqual([0])
  await expect(strip.locator('img')).toHaveCount(1)

  release()
  await expect(strip.locator('img')).toHaveCount(16)
  await expect.poll(() => [...new Set(asked)].sort((a, b) => a - b)).toEqual([...Array(16).keys()])
  // Every thumbnail decoded: none was hidden as failed.
  await expect.poll(() => strip.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(16)
})

test('a screen whose code cannot be fetched says so, and the other screens still open', async ({ page }) => {
  await seedProject(page.request, 'e2e chunk missing')
  await page.route(/\/assets\/ReportView-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }))
  await open(page, '#/report')
  await expect(page.getByRole('alert')).toContainText('Cannot show this screen')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click()
  await expect(page.getByRole('row').filter({ hasText: '2.mp4' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})
