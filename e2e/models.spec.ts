import { expect, test } from '@playwright/test'
import { studioUrl } from './helpers'

test('the Models screen shows the quant table, clips per hour per quant, and a recommendation that names its trade-off', async ({ page }) => {
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
  await expect(page.getByTestId('recommendation')).toContainText('Q4_K_M: fits entirely in 8.0 GB of VRAM')
  const recommended = table.locator('tr.recommended')
  await expect(recommended).toHaveCount(1)
  await expect(recommended).toHaveAttribute('data-quant', 'Q4_K_M')
  await expect(recommended).toContainText('Full GPU offload')
  await expect(table.locator('tr[data-quant="Q8_0"]')).toContainText(/Partial offload \(\d+ of 29 layers\)/)

  // a CPU-only machine with 24 GB and the figures a user enters: F16 fits but is slow, and the reason says what was traded
  await page.getByLabel('What if VRAM (GB)').fill('0')
  await page.getByLabel('What if RAM (GB)').fill('24')
  await page.getByLabel('Memory bandwidth (GB/s)').fill('16')
  await page.getByLabel('Compute (GFLOP/s)').fill('200')
  await expect(page.getByTestId('speed-figures')).toContainText('CPU 16 GB/s, 200 GFLOP/s (your figures)')
  const reason = page.getByTestId('recommendation')
  await expect(reason).toContainText(/^Q8_0: no usable GPU, fits in 24\.0 GB of RAM on the CPU .* per clip, \d+ clips per hour \(10,000 clips ≈ [\d.]+ days\)/)
  await expect(reason).toContainText(/F16 would take about 1\.\d× as long per clip: traded its precision for speed\./)
  await expect(table.locator('tr.recommended')).toHaveAttribute('data-quant', 'Q8_0')
  // clips per hour in every row that fits, and none for a quant that does not
  const q4 = table.locator('tr[data-quant="Q4_K_M"]')
  await expect(q4.getByTestId('clips-per-hour')).toHaveText(/^\d+(\.\d)?$/)
  await expect(q4.getByTestId('seconds-per-clip')).toHaveText(/^≈ [\d.]+ (s|min)$/)
  const f16PerHour = Number(await table.locator('tr[data-quant="F16"]').getByTestId('clips-per-hour').textContent())
  expect(f16PerHour).toBeLessThan(Number(await q4.getByTestId('clips-per-hour').textContent()))
  await page.getByLabel('What if RAM (GB)').fill('8')
  await expect(table.locator('tr[data-quant="F16"]').getByTestId('clips-per-hour')).toHaveText('—')
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
