// Make a quant on the Models screen with the real llama-quantize: the 256-wide tiny model (K-quant
// rows) is copied into its own folder under the host's models folder and added as a local model;
// the panel picks it, a type and a preset, runs, and the result shows in the quant table and the
// list of quants made here. The folder is removed afterwards.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { ensureTinyWideModels } from '../scripts/make-tiny-models'
import { TEST_MODELS_DIR } from '../test/helpers/roots'
import { call, studioUrl } from './helpers'

let folder = ''
test.afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true })
})

test('the quantize panel makes a Q4_K_M with layer bumping that lands in the quant table', async ({ page, request }) => {
  test.setTimeout(240_000)
  const wide = await ensureTinyWideModels()
  folder = mkdtempSync(path.join(TEST_MODELS_DIR, 'e2e-quantize-'))
  const source = path.join(folder, 'tiny-256-f16.gguf')
  const mmproj = path.join(folder, 'tiny-256-mmproj.gguf')
  copyFileSync(wide.model, source)
  copyFileSync(wide.mmproj, mmproj)
  await call(request, 'models.addLocal', { path: source, mmproj })

  await page.goto(`${studioUrl()}#/models`)
  const name = page.getByLabel('Annotator name')
  if (await name.isVisible()) {
    await name.fill('e2e lead')
    await page.getByRole('button', { name: 'Set name' }).click()
  }
  // no speed job has run here: the machine probe says how to get one
  await expect(page.getByTestId('machine-probe')).toContainText('No machine probe yet: "Measure on this machine" runs one beside its clips.')
  const panel = page.getByRole('region', { name: 'Make a quant' })
  await panel.getByLabel('From', { exact: true }).selectOption({ label: 'tiny-256-f16.gguf (F16)' })
  await panel.getByLabel('Type', { exact: true }).selectOption('Q4_K_M')
  await panel.getByLabel('Layer bumping').selectOption({ label: 'Bump attn_v' })
  await expect(panel.getByLabel(/--tensor-type rules/)).toHaveValue('attn_v=q8_0')
  await panel.getByRole('button', { name: 'Make Q4_K_M' }).click()

  const made = panel.getByRole('list', { name: 'Quants made here' })
  await expect(made).toContainText(/tiny-256-Q4_K_M-bump\w+\.gguf: Q4_K_M from tiny-256-f16\.gguf, attn_v=q8_0, no importance matrix/, { timeout: 180_000 })
  await expect(panel.getByRole('status')).toContainText('it is in the table, ready to use or compare')
  const table = page.getByRole('table', { name: 'Quants' })
  const row = table.locator('tbody tr', { hasText: /tiny-256-Q4_K_M-bump\w+\.gguf/ })
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-quant', 'Q4_K_M')
  await expect(row).toContainText('(local)')
})
