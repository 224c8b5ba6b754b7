import { expect, test } from '@playwright/test'
import { studioUrl } from './helpers'

test('the Models screen shows the quant table and recommends a quant for a machine with 8 GB of VRAM', async ({ page }) => {
  await page.goto(`${studioUrl()}#/models`)
  const name = page.getByLabel('Annotator name')
  if (await name.isVisible()) {
    await name.fill('e2e lead')
    await page.getByRole('button', { name: 'Set name' }).click()
  }
  await expect(page.getByTestId('hardware')).toContainText('RAM free / total')
  const table = page.getByRole('table', { name: 'Quants' })
  // every published quant, sized from bits per weight when the hub cannot be reached
  await expect(table.locator('tbody tr')).toHaveCount(19)
  await expect(table.locator('tr[data-quant="Q4_K_M"]')).toContainText('4.66 GB')

  await page.getByLabel('What if VRAM (GB)').fill('8')
  await expect(page.getByTestId('recommendation')).toContainText('Q4_K_M is the most precise quant that fits entirely in 8.0 GB of VRAM')
  const recommended = table.locator('tr.recommended')
  await expect(recommended).toHaveCount(1)
  await expect(recommended).toHaveAttribute('data-quant', 'Q4_K_M')
  await expect(recommended).toContainText('Full GPU offload')
  await expect(table.locator('tr[data-quant="Q8_0"]')).toContainText(/Partial offload \(\d+ of 29 layers\)/)

  // another machine: 24 GB fits the full-precision F16
  await page.getByLabel('What if VRAM (GB)').fill('24')
  await expect(table.locator('tr.recommended')).toHaveAttribute('data-quant', 'F16')
})

test('the model repository list can be edited and survives a reload', async ({ page }) => {
  await page.goto(`${studioUrl()}#/models`)
  const name = page.getByLabel('Annotator name')
  if (await name.isVisible()) {
    await name.fill('e2e lead')
    await page.getByRole('button', { name: 'Set name' }).click()
  }
  const repos = page.getByLabel(/Hugging Face repositories to list/)
  await expect(repos).not.toHaveValue('')
  const before = await repos.inputValue()
  await repos.fill(`${before}\nsomeone/Qwen2.5-VL-7B-GGUF`)
  await page.getByRole('button', { name: 'Save repositories' }).click()
  await expect(page.getByRole('button', { name: 'Save repositories' })).toBeDisabled()
  await page.reload()
  await expect(page.getByLabel(/Hugging Face repositories to list/)).toHaveValue(`${before}\nsomeone/Qwen2.5-VL-7B-GGUF`)
  // a malformed name is refused with the contract's message, and nothing is saved
  await page.getByLabel(/Hugging Face repositories to list/).fill('not a repo')
  await page.getByRole('button', { name: 'Save repositories' }).click()
  await expect(page.getByRole('region', { name: 'Model repositories' }).getByRole('alert')).toContainText('owner/name')
})
