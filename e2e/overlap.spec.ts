import { expect, test, type Browser, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'

const A_TEXT = 'A dim kitchen at night, seen by the first annotator.'
const B_TEXT = 'A bright diner at noon, seen by the second annotator.'

/** A new browser context signed in with the person's link, on the Review screen with no clip open. */
async function signIn(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(new URL(link, studioUrl()).href)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Review' }).click()
  return page
}

/** N takes the next clip of the person's queue; its name. */
async function pressN(page: Page): Promise<string> {
  await expect(page.getByRole('button', { name: 'Take the next clip' })).toBeVisible()
  await page.keyboard.press('n')
  await expect(page.getByTestId('lease-badge')).toBeVisible()
  return (await page.getByTestId('clip-name').textContent()) ?? ''
}

test('two annotators label one clip blind, and the lead adjudicates it field by field', async ({ browser, request }) => {
  await seedProject(request, 'e2e overlap')
  const project = (await call<{ project: { id: string } }>(request, 'app.info', {})).project.id
  const link = async (name: string) => (await call<{ link: string }>(request, 'people.add', { project, name, role: 'annotator' })).link

  // the lead (the host's own token) sends every clip to two annotators
  const lead = await (await browser.newContext()).newPage()
  await lead.addInitScript(() => window.localStorage.setItem('studio.annotator', 'Desk lead'))
  await lead.goto(new URL('#/team', studioUrl()).href)
  const queue = lead.getByRole('region', { name: 'Work queue' })
  await queue.getByLabel('Overlap share (%)').fill('100')
  await queue.getByRole('button', { name: 'Save queue settings' }).click()
  await expect(queue.getByText('Queue settings saved')).toBeVisible()

  const one = await signIn(browser, await link('Ana'))
  const clip = await pressN(one)
  await one.locator('#environment').fill(A_TEXT)
  await one.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(one.getByTestId('save-state')).toHaveText(/Saved revision #\d+|All changes saved/)
  // approve and next: Ana moves on, and gives the clip back
  await one.keyboard.press('a')
  await expect(one.getByTestId('clip-name')).not.toHaveText(clip)

  const two = await signIn(browser, await link('Ben'))
  expect(await pressN(two)).toBe(clip)
  // nothing of Ana's: the pre-label's text, no history, no name
  await expect(two.locator('#environment')).not.toHaveValue(A_TEXT)
  await expect(two.getByTestId('caption-origin')).toContainText('From the pre-label')
  await expect(two.getByTestId('revision-1')).toHaveCount(0)
  await expect(two.getByText('Ana')).toHaveCount(0)
  await two.locator('#environment').fill(B_TEXT)
  await two.getByLabel('Shot type').selectOption('long_shot')
  await two.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(two.getByTestId('save-state')).toHaveText(/Saved revision #\d+|All changes saved/)
  await expect(two.getByText(A_TEXT)).toHaveCount(0)

  // the lead finds it ready on the Overlap screen and adjudicates
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overlap' }).click()
  const row = lead.getByTestId(`overlap-${clip}`)
  await expect(row).toContainText('ready to adjudicate')
  await row.getByRole('button', { name: 'Adjudicate' }).click()
  const view = lead.getByTestId('adjudication')
  await expect(view).toBeVisible()
  const environment = view.getByTestId('adjudicate-environment')
  await expect(environment).toHaveAttribute('data-differs', 'true')
  await expect(view.getByTestId('adjudicate-lighting')).toHaveAttribute('data-differs', 'false')
  // the merge starts from A; B's environment by its button, B's shot type by the row's key
  await expect(view.getByTestId('merged-environment')).toHaveText(A_TEXT)
  await environment.getByRole('button', { name: 'Take B (Ben) for Environment' }).click()
  await expect(view.getByTestId('merged-environment')).toHaveText(B_TEXT)
  await view.getByTestId('adjudicate-shot_type').focus()
  await lead.keyboard.press('b')
  await expect(view.getByTestId('merged-shot_type')).toHaveText('long shot')
  await view.getByRole('button', { name: 'Save adjudication' }).click()
  await expect(view).toHaveCount(0)

  const detail = await call<{ revision: { status: string; annotator: string; caption: { environment: string; shot_type: string } } }>(request, 'clips.get', {
    project,
    id: (await call<{ rows: { id: number; name: string }[] }>(request, 'clips.list', { project })).rows.find((r) => r.name === clip)!.id
  })
  expect(detail.revision).toMatchObject({ status: 'approved', annotator: 'Desk lead', caption: { environment: B_TEXT, shot_type: 'long_shot' } })
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overlap' }).click()
  await expect(lead.getByTestId(`overlap-${clip}`)).toContainText('adjudicated')

  // the Report compares the two blind labels: environments differ, the lighting both kept from the pre-label agrees
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click()
  const human = lead.getByTestId('human-agreement')
  await expect(human.getByTestId('human-agreement-summary')).toContainText('1 clip(s) labelled blind by two annotators')
  await expect(human.getByTestId('human-environment')).toContainText('0.0%')
  await expect(human.getByTestId('human-lighting')).toContainText('100.0%')
})
