import { expect, test, type Browser, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'

/** An address of the page without the host's token (studioUrl carries it, which would sign the page in as the operator). */
const personUrl = (hash: string) => `${new URL(studioUrl()).origin}/${hash}`

/** A person's page, signed in by their link, on one of the project's clips. */
async function signIn(browser: Browser, link: string, name: string, clipId: number): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(link)
  await expect(page.getByTestId('annotator')).toHaveText(name)
  await page.goto(personUrl(`#/review/${clipId}`))
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clipId))
  return page
}

/** N on the review screen (focus on the screen, not in a field). */
async function pressN(page: Page): Promise<void> {
  await page.getByTestId('review').focus()
  await page.keyboard.press('n')
}

test('review stage: an annotator sends a clip to review, a reviewer returns it with a comment and an edit, and the annotator gets it first with the diff', async ({
  browser,
  request
}) => {
  // the seed: 2.mp4 and 3.mp4 from the folder, then 1.mp4 (missing file) from the CSV
  const ids = await seedProject(request, 'e2e review stage')
  const lead = await (await browser.newContext()).newPage()
  await lead.addInitScript(() => window.localStorage.setItem('studio.annotator', 'Desk lead'))
  await lead.goto(new URL('#/team', studioUrl()).href)
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click()
  const links: Record<string, string> = {}
  for (const [name, role] of [
    ['Ava', 'annotator'],
    ['Rui', 'reviewer']
  ]) {
    await lead.getByLabel('Name').fill(name)
    await lead.getByLabel('Role', { exact: true }).selectOption(role)
    await lead.getByRole('button', { name: 'Add person' }).click()
    await expect(lead.getByTestId(`person-${name}`)).toContainText('has a token')
    links[name] = await lead.getByLabel('Sign-in link').inputValue()
    await lead.getByRole('button', { name: 'Done' }).click()
  }
  const stage = lead.getByLabel(/Review stage/)
  await stage.check()
  await expect(stage).toBeChecked()
  await expect.poll(async () => (await call(request, 'queue.settings', {})).reviewStage).toBe(true)

  // Ava: N from 2.mp4 gives 3.mp4; she edits it and sends it to review (A), moving on
  const ava = await signIn(browser, links.Ava, 'Ava', ids['2.mp4'])
  await pressN(ava)
  await expect(ava.getByTestId('review')).toHaveAttribute('data-clip-id', String(ids['3.mp4']))
  await ava.getByLabel(/^Lighting/).fill('Warm evening light from the left.')
  await expect(ava.getByRole('button', { name: 'Send to review', exact: true })).toBeVisible()
  await ava.getByRole('button', { name: /^Send to review and next/ }).click()
  await expect(ava.getByTestId('review')).not.toHaveAttribute('data-clip-id', String(ids['3.mp4']))
  await expect.poll(async () => (await call(request, 'clips.get', { id: ids['3.mp4'] })).clip.status).toBe('in_review')

  // Rui: N gives the clip in review; he changes the environment and returns it with a comment
  const rui = await signIn(browser, links.Rui, 'Rui', ids['2.mp4'])
  await pressN(rui)
  await expect(rui.getByTestId('review')).toHaveAttribute('data-clip-id', String(ids['3.mp4']))
  await expect(rui.getByTestId('review-decision')).toContainText('sent by Ava')
  await rui.getByLabel(/^Environment/).fill('A quiet street at dusk.')
  await rui.getByRole('button', { name: 'Return…' }).click()
  await rui.getByLabel('What should Ava change?').fill('The light is fine now, but the place is a street: check it.')
  await rui.getByRole('button', { name: 'Return to Ava' }).click()
  await expect(rui.getByTestId('review-notice')).toContainText('Every clip left is done or held by someone else.')
  const returned = await call(request, 'clips.get', { id: ids['3.mp4'] })
  expect(returned.clip.status).toBe('returned')
  expect(returned.review).toMatchObject({ state: 'returned', reviewer: 'Rui', submittedBy: 'Ava' })

  // Ava's N: the returned clip first, with the comment and what Rui changed
  await pressN(ava)
  await expect(ava.getByTestId('review')).toHaveAttribute('data-clip-id', String(ids['3.mp4']))
  const banner = ava.getByTestId('returned-banner')
  await expect(banner).toContainText('Returned by Rui:')
  await expect(ava.getByTestId('return-comment')).toHaveText('The light is fine now, but the place is a street: check it.')
  await expect(ava.getByTestId('reviewer-changes')).toContainText('Environment edited')
  await expect(ava.getByTestId('reviewer-changes').locator('ins')).toContainText(['street'])
  await expect(ava.getByTestId('clip-status')).toHaveText('Returned')

  // the Library's status filter lists it
  await ava.goto(personUrl('#/library'))
  await ava.locator('#status-filter').selectOption('returned')
  await expect(ava.getByRole('table', { name: 'Clips' }).locator('.clip-name')).toHaveText(['3.mp4'])
})
