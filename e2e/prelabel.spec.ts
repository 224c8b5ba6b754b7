import { expect, test } from '@playwright/test'
import { findLlamaServer } from '../src/main/inference/llamaBinary'
import { ensureTinyModels } from '../scripts/make-tiny-models'
import { FIXTURES, studioUrl } from './helpers'

const llama = findLlamaServer()

test('pre-label the imported fixtures from the UI with the tiny model through a real llama-server', async ({ page }) => {
  // never skipped: without llama-server the spec fails and says how to build it
  if (!llama.path) throw new Error(`llama-server is not built: run \`npm run setup:llama\` (${llama.problem})`)
  const { model, mmproj } = await ensureTinyModels()
  await page.goto(studioUrl())
  await page.getByLabel('Annotator name').fill('e2e lead')
  await page.getByRole('button', { name: 'Set name' }).click()
  await page.getByLabel('Project name').fill(`e2e prelabel ${test.info().repeatEachIndex}`)
  await page.getByRole('button', { name: 'Create project' }).click()
  await page.getByLabel('Import path').fill(FIXTURES)
  await page.getByRole('button', { name: 'Import folder' }).click()
  await expect(page.getByTestId('import-report')).toContainText('added 2')
  const rows = page.getByRole('rowgroup').getByRole('row')
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'llama-server' })).toHaveCount(0)

  await page.getByText('Pre-label with SkyCaptioner-V1').click()
  await page.getByLabel('Model file').fill(model)
  await page.getByLabel('Projector file (mmproj)').fill(mmproj)
  await page.getByLabel('Context per slot').fill('4096')
  // random weights never finish a string: bound the output so the test stays quick
  await page.getByLabel('Max new tokens').fill('48')
  await expect(page.getByLabel('Pre-label scope')).toHaveValue('unlabeled')
  await page.getByRole('button', { name: 'Pre-label', exact: true }).click()

  const bar = page.getByLabel('Pre-label progress')
  await expect(bar).toBeVisible()
  await expect(page.getByTestId('job-counts')).toContainText('2 / 2 · 0 failed · done', { timeout: 150_000 })
  await expect(bar).toHaveAttribute('value', '2')
  await expect(bar).toHaveAttribute('max', '2')
  // every clip now shows its model pre-label in the Library
  await expect(rows.filter({ hasText: 'tiny-qwen2.5-vl.gguf (llama-server)' })).toHaveCount(2, { timeout: 10_000 })

  // and the Review view shows the stored pre-label of the first clip
  await rows.first().click()
  await expect(page.getByTestId('caption-origin')).toBeVisible()
  const stored = JSON.parse((await page.getByTestId('prelabel-caption').textContent()) ?? '{}')
  expect(Object.keys(stored).sort()).toEqual(['camera_motion', 'environment', 'lighting', 'shot_angle', 'shot_position', 'shot_type', 'subjects'])
})
