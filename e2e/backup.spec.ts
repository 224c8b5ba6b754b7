import { existsSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { seedProject, studioUrl } from './helpers'

test('Back up now on the Projects screen writes a verified copy of the open project and says where', async ({ page }) => {
  const clips = Object.keys(await seedProject(page.request, 'e2e backup')).length
  await page.goto(studioUrl())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click()
  const card = page.getByRole('region', { name: 'Back-up' })
  await card.getByRole('button', { name: 'Back up now' }).click()
  const status = card.getByRole('status')
  await expect(status).toContainText(`Backed up 0 revisions of ${clips} clips`)
  await expect(status).toContainText('integrity checked')
  const file = (await status.locator('.path').textContent()) ?? ''
  expect(file).toMatch(/e2e-backup.*-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.sqlite$/)
  expect(existsSync(file)).toBe(true)
})
