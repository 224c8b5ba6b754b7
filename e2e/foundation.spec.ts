import { expect, test } from '@playwright/test'
import { FIXTURES, RESULT_CSV, call, studioUrl } from './helpers'

const EDITED_ACTION = 'She turns her head slowly towards the camera (edited in e2e).'

test('create a project, import the fixtures, review 2.mp4, and keep the edit across a reload', async ({ page }) => {
  await page.goto(studioUrl())

  // First visit: the studio asks who is annotating.
  await page.getByLabel('Annotator name').fill('e2e annotator')
  await page.getByRole('button', { name: 'Set name' }).click()

  // Unique, so --repeat-each runs do not collide on the same project file.
  await page.getByLabel('Project name').fill(`e2e fixtures ${test.info().repeatEachIndex}`)
  await page.getByRole('button', { name: 'Create project' }).click()

  // The folder brings in the clips; the seed's result CSV adds its model output as imported pre-labels.
  const importPath = page.getByLabel('Import path')
  await importPath.fill(FIXTURES)
  await page.getByRole('button', { name: 'Import folder' }).click()
  await expect(page.getByTestId('import-report')).toContainText('added 2')
  await importPath.fill(RESULT_CSV)
  await page.getByRole('button', { name: 'Import CSV' }).click()
  // test_result.csv also names 1.mp4, which the seed does not ship: it is recorded with its error, not fatal.
  await expect(page.getByTestId('import-report')).toContainText('pre-labels added 3')
  await expect(page.getByTestId('import-report')).toContainText('failed 1')
  await expect(page.getByTestId('import-report')).toContainText('File not found')

  const row = page.getByRole('row').filter({ hasText: '2.mp4' })
  await expect(row).toBeVisible()
  await row.click()

  const player = page.getByTestId('player')
  await expect(player).toBeVisible()
  await player.evaluate((video: HTMLVideoElement) => {
    video.muted = true
    return video.play()
  })
  await expect.poll(() => player.evaluate((video: HTMLVideoElement) => video.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3)
  await player.evaluate((video: HTMLVideoElement) => video.pause())

  // The form starts from the imported pre-label.
  const shotType = page.getByLabel('Shot type')
  await expect(shotType).toHaveValue('close_up')
  const action = page.getByLabel('Subject 1 action')
  await expect(action).toHaveValue(/sparkling choker/)

  await shotType.selectOption('medium_shot')
  await action.fill(EDITED_ACTION)
  await page.getByRole('button', { name: 'Save', exact: true }).click()

  const clipId = Number(new URL(page.url()).hash.split('/').pop())
  expect(clipId).toBeGreaterThan(0)
  await expect.poll(async () => (await call<unknown[]>(page.request, 'captions.history', { clipId })).length).toBe(1)

  await page.reload()
  await expect(page.getByLabel('Shot type')).toHaveValue('medium_shot')
  await expect(page.getByLabel('Subject 1 action')).toHaveValue(EDITED_ACTION)

  const detail = await call(page.request, 'clips.get', { id: clipId })
  expect(detail.revision).toMatchObject({ number: 1, annotator: 'e2e annotator', caption: { shot_type: 'medium_shot' } })
  expect(detail.revision.caption.subjects[0].action).toBe(EDITED_ACTION)
  expect(detail.revision.prelabelId).toBe(detail.prelabel.id)
  // The imported pre-label is untouched.
  expect(detail.prelabel.source.kind).toBe('imported')
  expect(detail.prelabel.caption.shot_type).toBe('close_up')
  expect(detail.prelabel.caption.subjects[0].action).toMatch(/^A woman wearing a sparkling choker/)
  expect(detail.prelabel.problems).toEqual([])
})
