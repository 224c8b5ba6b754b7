import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FIXTURES, call, studioUrl } from './helpers'

// The browser picker browses the host's folders through files.list: only inside its roots.
test('Import: a CSV picked in the browser picker (keyboard only) imports its clips; the picker cannot go above the media root', async ({ page }) => {
  const run = test.info().repeatEachIndex
  await call(page.request, 'project.create', { name: `e2e pickers ${run}` })
  const { roots } = await call<{ roots: string[] }>(page.request, 'files.list', { kind: 'media' })
  expect(roots).toHaveLength(1)
  // Clips and their CSV inside the media root, beside a hidden CSV the picker must not show.
  const folder = join(roots[0], `pickers-${run}`)
  mkdirSync(folder, { recursive: true })
  for (const clip of ['2.mp4', '3.mp4']) copyFileSync(join(FIXTURES, 'examples/data', clip), join(folder, clip))
  writeFileSync(join(folder, 'clips.csv'), `path\n${join(folder, '2.mp4')}\n${join(folder, '3.mp4')}\n`)
  writeFileSync(join(folder, '.hidden.csv'), 'path\n')

  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'lead'))
  await page.goto(new URL('#/library', studioUrl()).href)
  await page.getByRole('button', { name: 'Choose CSV…' }).click()
  const picker = page.getByRole('dialog', { name: 'Import a CSV of clips' })
  const list = picker.getByRole('listbox', { name: 'Folder contents' })
  // one media root: the picker starts inside it, and Backspace there stays there
  await expect(picker.getByTestId('picker-location')).toHaveText(roots[0])
  await expect(list).toBeFocused()
  await page.keyboard.press('Backspace')
  await expect(picker.getByTestId('picker-location')).toHaveText(roots[0])
  await expect(picker.getByRole('button', { name: 'Up' })).toBeDisabled()

  // arrows to our folder, Enter opens it: only the CSV is offered (no clips, no hidden file)
  const names = await list.getByRole('option').allTextContents()
  const at = names.findIndex((name) => name === `pickers-${run}/`)
  expect(at).toBeGreaterThanOrEqual(0)
  await page.keyboard.press('Home')
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(picker.getByTestId('picker-location')).toHaveText(folder)
  await expect(list.getByRole('option')).toHaveText([/^clips\.csv/])
  // Backspace goes back up to the root, Enter comes back in
  await page.keyboard.press('Backspace')
  await expect(picker.getByTestId('picker-location')).toHaveText(roots[0])
  await page.keyboard.press('Enter')
  await expect(picker.getByTestId('picker-location')).toHaveText(folder)
  await page.keyboard.press('Enter')

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
