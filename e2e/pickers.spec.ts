import { copyFileSync, mkdirSync, realpathSync, rmdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { FIXTURES, call, studioUrl } from './helpers'

/** Moves to the option with this text with the arrow keys and presses Enter: keyboard only. */
async function enter(page: Page, list: Locator, name: string): Promise<void> {
  const names = await list.getByRole('option').locator('.name').allTextContents()
  const at = names.indexOf(name)
  expect(at, `${name} among ${names.join(', ')}`).toBeGreaterThanOrEqual(0)
  await page.keyboard.press('Home')
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
}

// The browser picker browses the host's folders through files.list: only inside its roots.
test('Import: a CSV picked in the browser picker (keyboard only) imports its clips; the picker cannot go above the media roots', async ({ page }) => {
  const run = test.info().repeatEachIndex
  await call(page.request, 'project.create', { name: `e2e pickers ${run}` })
  const { dataDir } = await call<{ dataDir: string }>(page.request, 'app.info', {})
  const { roots } = await call<{ roots: string[] }>(page.request, 'files.list', { kind: 'media' })
  // The spec writes its clips only under the host's own (temporary) data folder: into the media root
  // inside it (the default roots), or into the data folder itself when a media root holds it (test roots).
  const data = realpathSync(dataDir)
  const under = (p: string, folder: string) => p.startsWith(folder + sep)
  const root = roots.find((r) => under(data, r)) ?? roots.find((r) => under(r, data))
  expect(root, `a media root around or inside ${data} (e2e/global-setup.ts), among ${roots.join(', ')}`).toBeDefined()
  const folder = join(under(data, root!) ? data : root!, `pickers-${run}`)
  const steps = relative(root!, folder).split(sep)
  mkdirSync(folder, { recursive: true })
  for (const clip of ['2.mp4', '3.mp4']) copyFileSync(join(FIXTURES, 'examples/data', clip), join(folder, clip))
  writeFileSync(join(folder, 'clips.csv'), `path\n${join(folder, '2.mp4')}\n${join(folder, '3.mp4')}\n`)
  // beside a hidden CSV the picker must not show
  writeFileSync(join(folder, '.hidden.csv'), 'path\n')
  mkdirSync(join(folder, 'vanishing'))

  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'lead'))
  await page.goto(new URL('#/library', studioUrl()).href)
  await page.getByRole('button', { name: 'Choose CSV…' }).click()
  const picker = page.getByRole('dialog', { name: 'Import a CSV of clips' })
  const list = picker.getByRole('listbox', { name: 'Folder contents' })
  const location = picker.getByTestId('picker-location')
  await expect(list).toBeFocused()

  // Backspace as far up as it goes: one root is its own top, several end at the list of roots
  await expect(location).not.toHaveText('')
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace')
  await expect(picker.getByRole('button', { name: 'Up' })).toBeDisabled()
  if (roots.length === 1) {
    await expect(location).toHaveText(root!)
  } else {
    await expect(location).toHaveText('Roots')
    await expect(list.getByRole('option')).toHaveText(roots.map((r) => `${r}/`))
    await enter(page, list, `${root}/`)
    await expect(location).toHaveText(root!)
  }

  // down into our folder: its folder and the CSV are offered (no clips, no hidden file)
  for (const step of steps) await enter(page, list, `${step}/`)
  await expect(location).toHaveText(folder)
  await expect(list.getByRole('option')).toHaveText(['vanishing/', /^clips\.csv/])
  // Backspace goes back up (onto the folder it came from), Enter comes back in
  await page.keyboard.press('Backspace')
  await expect(location).toHaveText(dirname(folder))
  await expect(list.getByRole('option', { selected: true })).toHaveText(`pickers-${run}/`)
  await page.keyboard.press('Enter')
  await expect(location).toHaveText(folder)
  // a folder removed since it was listed: the picker says so and stays where it was
  rmdirSync(join(folder, 'vanishing'))
  await enter(page, list, 'vanishing/')
  await expect(picker.getByRole('alert')).toHaveText('Folder vanishing does not exist')
  await expect(location).toHaveText(folder)
  await expect(list.getByRole('option')).toHaveText([/^clips\.csv/])
  // Enter on the CSV picks it
  await enter(page, list, 'clips.csv')

  await expect(picker).toBeHidden()
  await expect(page.getByLabel('Import path')).toHaveValue(join(folder, 'clips.csv'))
  await page.getByRole('button', { name: 'Import CSV' }).click()
  await expect(page.getByTestId('import-report')).toContainText('Found 2 · added 2')

  // Esc closes the folder picker and leaves the path as it was
  await page.getByRole('button', { name: 'Choose folder…' }).click()
  await expect(page.getByRole('dialog', { name: 'Import a folder of clips' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByLabel('Import path')).toHaveValue(join(folder, 'clips.csv'))
})
