import { expect, test, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'

const rowNames = (page: Page) => page.getByRole('table', { name: 'Clips' }).locator('.clip-name')
const countOf = (page: Page, label: string) => page.getByTestId('status-counts').getByRole('button', { name: new RegExp(`^${label} \\d+$`) })

test('Library: filters, counts, column chooser and a bulk status change, all from the page', async ({ page }) => {
  // The seed: 2.mp4 and 3.mp4 from the folder, 1.mp4 (missing file) from the CSV, all pre-labelled by the CSV.
  const ids = await seedProject(page.request, 'e2e library')
  // Alice approves 2.mp4 with a different shot type: the model and she now disagree on it.
  const clip2 = await call(page.request, 'clips.get', { id: ids['2.mp4'] })
  await call(page.request, 'captions.save', {
    clipId: ids['2.mp4'],
    caption: { ...clip2.prelabel.caption, shot_type: 'medium_shot' },
    status: 'approved',
    annotator: 'alice',
    baseNumber: 0
  })

  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'lead'))
  await page.goto(new URL('#/library', studioUrl()).href)
  await expect(rowNames(page)).toHaveText(['2.mp4', '3.mp4', '1.mp4'])
  await expect(countOf(page, 'Unreviewed')).toHaveText('Unreviewed 2')
  await expect(countOf(page, 'Approved')).toHaveText('Approved 1')

  // Each filter, then clear.
  const filters: [string, string, string[]][] = [
    ['status-filter', 'approved', ['2.mp4']],
    ['filter-shotType', 'extreme_close_up', ['3.mp4']],
    ['filter-shotType', 'medium_shot', ['2.mp4']],
    ['filter-disagree', 'shot_type', ['2.mp4']],
    ['filter-disagree', 'lighting', []],
    ['filter-annotator', 'alice', ['2.mp4']]
  ]
  for (const [id, value, expected] of filters) {
    await page.locator(`#${id}`).selectOption(value)
    if (expected.length) await expect(rowNames(page)).toHaveText(expected)
    else await expect(page.getByText('No clips match.')).toBeVisible()
    await page.locator(`#${id}`).selectOption('')
    await expect(rowNames(page)).toHaveCount(3)
  }
  // Counts follow the other filters: under "shot type = long shot" only 1.mp4 (unreviewed) is left.
  await page.locator('#filter-shotType').selectOption('long_shot')
  await expect(countOf(page, 'Unreviewed')).toHaveText('Unreviewed 1')
  await expect(countOf(page, 'Approved')).toHaveText('Approved 0')
  await page.locator('#filter-shotType').selectOption('')
  // Caption text search: a word only the spider clip's caption has, as a prefix.
  await page.getByLabel('Search captions').fill('spid')
  await expect(rowNames(page)).toHaveText(['3.mp4'])
  await page.getByLabel('Search captions').fill('')
  await expect(rowNames(page)).toHaveCount(3)

  // Column chooser: the shot angle column (header "Angle") comes and goes, and stays chosen after a reload.
  const header = (name: string) => page.getByRole('columnheader', { name })
  await page.getByText('Columns', { exact: true }).click()
  const angle = page.getByLabel('Show the Shot angle column')
  await angle.setChecked(!(await angle.isChecked()))
  const angleShown = await angle.isChecked()
  await expect(header('Angle')).toHaveCount(angleShown ? 1 : 0)
  await page.reload()
  await expect(rowNames(page)).toHaveCount(3)
  await expect(header('Angle')).toHaveCount(angleShown ? 1 : 0)

  // Multi-select with a Shift range, then a bulk status change after the confirmation.
  await page.getByLabel('Select 3.mp4').click()
  await page.getByLabel('Select 1.mp4').click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected')
  await page.getByLabel('Set status').selectOption('rejected')
  await page.getByRole('button', { name: 'Apply…' }).click()
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText('Set 2 clips to Rejected?')
  await confirm.getByRole('button', { name: 'Set Rejected' }).click()
  await expect(page.getByRole('toolbar', { name: 'Selection' }).getByRole('status')).toHaveText('2 set to Rejected.')
  await expect(countOf(page, 'Rejected')).toHaveText('Rejected 2')
  await expect(countOf(page, 'Unreviewed')).toHaveText('Unreviewed 0')
  const history = await call<{ status: string; annotator: string }[]>(page.request, 'captions.history', { clipId: ids['3.mp4'] })
  expect(history.map((r) => [r.status, r.annotator])).toEqual([['rejected', 'lead']])
})
