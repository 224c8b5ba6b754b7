// The browser side of the desktop manners: picker buttons on every path field, placeholders written
// the host's way, what a drop on the Library does without the desktop app, copy caption and full screen.
import { basename } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'

/** The example folder the placeholders start with on this host (the e2e host runs on this machine). */
const HOME = process.platform === 'win32' ? 'C:' : process.platform === 'darwin' ? '/Users/you' : '/home/you'

async function open(page: Page, hash: string): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'desk'))
  await page.goto(new URL(hash, studioUrl()).href)
}

/** Every field whose placeholder is an example path: each must have a picker button right after it that opens the host's picker. */
async function checkPathFields(page: Page, screen: string): Promise<number> {
  const fields = page.locator(`input[placeholder^="${HOME}"]`)
  const count = await fields.count()
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i)
    const name = `${screen}: ${await field.getAttribute('placeholder')}`
    const button = field.locator('xpath=following-sibling::button[1]')
    await expect(button, name).toHaveText(/Choose/)
    await button.click()
    const picker = page.getByRole('dialog')
    await expect(picker, name).toBeVisible()
    await expect(picker.getByRole('listbox', { name: 'Folder contents' }), name).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(picker, name).toHaveCount(0)
  }
  return count
}

test('every path field has a picker beside it that browses the host, and its placeholder is written the host’s way', async ({ page }) => {
  await seedProject(page.request, 'e2e path fields')
  await open(page, '#/library')
  await expect(page.getByLabel('Import path')).toHaveAttribute('placeholder', `${HOME}/Videos/clips or ${HOME}/Videos/clips.csv`)
  await page.getByText('Pre-label with SkyCaptioner-V1').click()
  await expect(page.getByLabel('Model file')).toHaveAttribute('placeholder', `${HOME}/models/SkyCaptioner-V1-Q4_K_M.gguf`)
  expect(await checkPathFields(page, 'library')).toBe(3)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Models' }).click()
  await expect(page.getByLabel('mmproj file')).toBeVisible()
  expect(await checkPathFields(page, 'models')).toBeGreaterThanOrEqual(2)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Export' }).click()
  await expect(page.getByLabel('Instruct model (GGUF)')).toBeVisible()
  expect(await checkPathFields(page, 'export')).toBe(1)
  // the export's folders take no example path but have their pickers too
  for (const [label, title] of [
    ['Folder', 'Export into a folder'],
    ['Paths relative to', 'Paths relative to this folder']
  ]) {
    await page.getByLabel(label, { exact: true }).locator('xpath=following-sibling::button[1]').click()
    await expect(page.getByRole('dialog', { name: title })).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
  }
})

test('a project file picked in the browser picker opens that project', async ({ page }) => {
  const run = test.info().repeatEachIndex
  const first = await call<{ path: string; name: string }>(page.request, 'project.create', { name: `e2e picked project ${run}` })
  await call(page.request, 'project.create', { name: `e2e other project ${run}` })
  await open(page, '#/projects')
  await page.getByRole('button', { name: 'Open a project file…' }).click()
  const picker = page.getByRole('dialog', { name: 'Open a project' })
  const list = picker.getByRole('listbox', { name: 'Folder contents' })
  await expect(list).toBeFocused()
  await expect(list.getByRole('option').filter({ hasText: basename(first.path) })).toHaveCount(1)
  const names = await list.getByRole('option').locator('.name').allTextContents()
  const at = names.indexOf(basename(first.path))
  expect(at, `${basename(first.path)} among ${names.join(', ')}`).toBeGreaterThanOrEqual(0)
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(picker).toHaveCount(0)
  expect((await call<{ project: { path: string } }>(page.request, 'app.info', {})).project.path).toBe(first.path)
})

test('files dropped on the Library in a browser: nothing is imported or opened, and the message points to the pickers', async ({ page }) => {
  await seedProject(page.request, 'e2e browser drop')
  await open(page, '#/library')
  const library = page.getByTestId('library')
  await expect(page.getByLabel('Import path')).toBeVisible()
  const before = (await call<{ total: number }>(page.request, 'clips.list', {})).total
  const url = page.url()

  // a real File in a real DataTransfer, as Chromium hands a drop to the page
  await library.evaluate((el) => {
    const data = new DataTransfer()
    data.items.add(new File([new Uint8Array(64)], 'holiday.mp4', { type: 'video/mp4' }))
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
  })
  await expect(library).toHaveClass(/drop-target/)
  await library.evaluate((el) => {
    const data = new DataTransfer()
    data.items.add(new File([new Uint8Array(64)], 'holiday.mp4', { type: 'video/mp4' }))
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
  })
  await expect(page.getByTestId('import-notice')).toHaveText(/not told where dropped files are.*Use Choose folder… or Choose CSV…/)
  await expect(library).not.toHaveClass(/drop-target/)
  expect(page.url()).toBe(url)
  expect((await call<{ total: number }>(page.request, 'clips.list', {})).total).toBe(before)
  // the pickers it points to are right there
  await page.getByRole('button', { name: 'Choose folder…' }).click()
  await expect(page.getByRole('dialog', { name: 'Import a folder of clips' })).toBeVisible()
})

test('placeholders on a Windows host are Windows paths (app.info answered as a Windows host would: this host is not one)', async ({ page }) => {
  await seedProject(page.request, 'e2e windows placeholders')
  await page.route('**/api/app.info', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { ok: boolean; data: { platform: string } }
    body.data.platform = 'win32'
    await route.fulfill({ response, json: body })
  })
  await open(page, '#/library')
  await expect(page.getByLabel('Import path')).toHaveAttribute('placeholder', 'C:\\Videos\\clips or C:\\Videos\\clips.csv')
  await page.getByText('Pre-label with SkyCaptioner-V1').click()
  await expect(page.getByLabel('Projector file (mmproj)')).toHaveAttribute('placeholder', 'C:\\models\\mmproj-F16.gguf')
})

test('Copy caption puts the caption on the clipboard as the model’s JSON; the player goes full screen with its controls', async ({ page, context }) => {
  const ids = await seedProject(page.request, 'e2e copy caption')
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(studioUrl()).origin })
  await open(page, `#/review/${ids['2.mp4']}`)
  await expect(page.getByTestId('player')).toHaveAttribute('data-first-frame', 'shown')
  await page.getByRole('button', { name: 'Copy caption' }).click()
  await expect(page.getByTestId('copy-result')).toHaveText('Caption copied')
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>
  const stored = await call<{ prelabel: { caption: Record<string, unknown> } }>(page.request, 'clips.get', { id: ids['2.mp4'] })
  expect(copied).toEqual(stored.prelabel.caption)

  await page.getByRole('button', { name: 'Full screen' }).click()
  await expect(page.getByRole('button', { name: 'Exit full screen' })).toBeVisible()
  expect(await page.evaluate(() => document.fullscreenElement?.className)).toBe('player-wrap')
  await page.getByRole('button', { name: 'Exit full screen' }).click()
  await expect(page.getByRole('button', { name: 'Full screen' })).toBeVisible()
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull()
})

test('the Projects screen shows the folders app.info names for projects, models and caches', async ({ page }) => {
  const info = await call(page.request, 'app.info', {})
  await open(page, '#/projects')
  const card = page.getByRole('region', { name: 'Where the studio keeps its files' })
  for (const [label, dir] of [
    ['Projects and settings', info.dataDir],
    ['Models', info.modelsDir],
    ['Caches', info.cacheDir]
  ]) {
    await expect(card.getByRole('definition').getByText(dir, { exact: true }), label).toHaveCount(1)
    await expect(card.getByText(label, { exact: true })).toBeVisible()
  }
})
