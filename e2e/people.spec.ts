import { expect, test } from '@playwright/test'
import { seedProject, studioUrl } from './helpers'

test('a lead adds a person, whose link signs them in on another browser as themselves, without the lead-only screens', async ({ browser, request }) => {
  await seedProject(request, 'e2e people')
  const lead = await (await browser.newContext()).newPage()
  await lead.addInitScript(() => window.localStorage.setItem('studio.annotator', 'Desk lead'))
  await lead.goto(new URL('#/team', studioUrl()).href)
  const nav = lead.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'People' }).click()
  await lead.getByLabel('Name').fill('Pia')
  await lead.getByLabel('Role', { exact: true }).selectOption('annotator')
  await lead.getByRole('button', { name: 'Add person' }).click()
  const link = await lead.getByLabel('Sign-in link').inputValue()
  expect(link).toMatch(/\/\?token=skp_[0-9a-f]{16}_\d+_/)
  await expect(lead.getByTestId('person-Pia')).toContainText('has a token')

  const pia = await (await browser.newContext()).newPage()
  await pia.goto(link)
  await expect(pia.getByTestId('annotator')).toHaveText('Pia')
  await expect(pia.getByText('(annotator)')).toBeVisible()
  const piaNav = pia.getByRole('navigation', { name: 'Main' })
  await expect(piaNav.getByRole('button', { name: 'Library' })).toBeVisible()
  for (const leadOnly of ['Projects', 'Export', 'Models', 'People', 'Report']) await expect(piaNav.getByRole('button', { name: leadOnly })).toHaveCount(0)
  // the link is swapped for the session cookie: the token is gone from the address
  expect(pia.url()).not.toContain('token=')
  await expect(pia.getByRole('button', { name: 'Change name' })).toHaveCount(0)
  // bulk actions are the lead's: a selection offers Pia none
  await pia.getByLabel('Select 2.mp4').click()
  await expect(pia.getByTestId('selected-count')).toHaveText('1 selected')
  await expect(pia.getByLabel('Set status')).toHaveCount(0)

  // revoked: the next request of Pia's page is refused
  await lead.getByTestId('person-Pia').getByRole('button', { name: 'Revoke' }).click()
  await expect(lead.getByTestId('person-Pia')).toContainText('revoked')
  const status = await pia.evaluate(() =>
    fetch('/api/people.me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)
  )
  expect(status).toBe(401)
})
