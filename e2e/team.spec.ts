// The team session on one host: a lead and two annotators, each in a browser context of their own.
import { expect, test, type Browser, type Page } from '@playwright/test'
import type { ClipDetail } from '../src/shared/contract'
import { call, seedProjectInOrder, studioUrl } from './helpers'

/** A person's browser: opens their sign-in link and goes to Review, with no clip open yet. */
async function signIn(browser: Browser, link: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(link)
  await expect(page.getByTestId('annotator')).toHaveText(name)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Review' }).click()
  await expect(page.getByRole('button', { name: 'Take the next clip' })).toBeVisible()
  return page
}

/** Presses N on the page and returns the name of the clip it opens, once its lease is held. */
async function pressN(page: Page, from: string | null): Promise<string> {
  await page.keyboard.press('n')
  const name = page.getByTestId('clip-name')
  if (from) await expect(name).not.toHaveText(from)
  await expect(page.getByTestId('lease-badge')).toContainText('Held until')
  return (await name.textContent()) ?? ''
}

test('two annotators get different clips from N; a closed page loses its lease; the lead releases and reassigns; a save on a held clip is refused', async ({
  browser,
  request
}) => {
  // two clips, so the queue has a clip for each annotator and nothing else to offer
  const ids = await seedProjectInOrder(request, 'e2e team queue', ['2.mp4', '3.mp4'])
  const lead = await (await browser.newContext()).newPage()
  await lead.addInitScript(() => window.localStorage.setItem('studio.annotator', 'Desk lead'))
  await lead.goto(new URL('#/team', studioUrl()).href)
  const nav = lead.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'People' }).click()

  // the lead adds two annotators and reads the link each is handed
  const links: Record<string, string> = {}
  for (const name of ['Tove', 'Ugo']) {
    await lead.getByLabel('Name').fill(name)
    await lead.getByLabel('Role', { exact: true }).selectOption('annotator')
    await lead.getByRole('button', { name: 'Add person' }).click()
    await expect(lead.getByRole('status').filter({ hasText: `Sign-in link for ${name}` })).toBeVisible()
    links[name] = await lead.getByLabel('Sign-in link').inputValue()
    await expect(lead.getByTestId(`person-${name}`)).toContainText('has a token')
  }
  expect(links.Tove).not.toBe(links.Ugo)

  // a short lease, so a closed page's lease lapses within the test
  await lead.getByLabel('Lease length (seconds)').fill('5')
  await lead.getByRole('button', { name: 'Save queue settings' }).click()
  await expect(lead.getByRole('status').filter({ hasText: 'Queue settings saved' })).toBeVisible()

  const tove = await signIn(browser, links.Tove, 'Tove')
  const ugo = await signIn(browser, links.Ugo, 'Ugo')
  // the queue is import order: the first N gets the first clip, the second N the next one nobody holds
  const toveClip = await pressN(tove, null)
  const ugoClip = await pressN(ugo, null)
  expect([toveClip, ugoClip]).toEqual(['2.mp4', '3.mp4'])

  // the lead's Library shows who holds what
  await nav.getByRole('button', { name: 'Library' }).click()
  const row = (clip: string) => lead.getByRole('row').filter({ hasText: clip })
  await expect(row(toveClip).getByTestId('held-by')).toHaveText('held by Tove')
  await expect(row(ugoClip).getByTestId('held-by')).toHaveText('held by Ugo')

  // Ugo's page saving Tove's clip is refused, naming Tove
  const refused = await ugo.evaluate(async (clipId) => {
    const post = (route: string, input: object) =>
      fetch(`/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
    const project = (await (await post('app.info', {})).json()).data.project.id
    const detail = (await (await post('clips.get', { project, id: clipId })).json()).data
    const save = { project, clipId, caption: detail.prelabel.caption, status: 'in_progress', annotator: 'Ugo', baseNumber: detail.revision?.number ?? 0 }
    const response = await post('captions.save', save)
    return { status: response.status, body: await response.json() }
  }, ids[toveClip])
  expect(refused.status).toBe(409)
  expect(refused.body.error.message).toContain(`${toveClip} is held by Tove`)

  // Tove closes her page: nobody releases her lease, it lapses, and the lead's Library shows the clip free
  await tove.context().close()
  await expect(row(toveClip).getByTestId('held-by')).toHaveCount(0, { timeout: 30_000 })
  await expect(row(ugoClip).getByTestId('held-by')).toHaveText('held by Ugo')
  // Ugo's N now gets it (and gives back his own)
  expect(await pressN(ugo, ugoClip)).toBe(toveClip)
  await expect(row(toveClip).getByTestId('held-by')).toHaveText('held by Ugo')
  await expect(row(ugoClip).getByTestId('held-by')).toHaveCount(0)

  // back to a long lease, then the lead hands Ugo's clip to Tove from the People screen, and releases it
  await nav.getByRole('button', { name: 'People' }).click()
  await lead.getByLabel('Lease length (seconds)').fill('900')
  await lead.getByRole('button', { name: 'Save queue settings' }).click()
  await expect(lead.getByRole('status').filter({ hasText: 'Queue settings saved' })).toBeVisible()
  const lease = lead.getByTestId(`lease-${toveClip}`)
  await expect(lease).toContainText('Ugo')
  await lead.getByLabel(`Give ${toveClip} to`).selectOption({ label: 'Tove' })
  await lease.getByRole('button', { name: 'Reassign' }).click()
  await expect(lease).toContainText('Tove')
  // Ugo's page stops renewing a lease that is no longer his, and says who holds the clip
  await expect(ugo.getByTestId('lease-badge')).toContainText(`${toveClip} is held by Tove now`)
  // an edit of his is not saved, says why, and stays on his page
  const environment = ugo.getByLabel('Environment')
  await environment.fill('A harbour at dusk, edited by Ugo after the lead reassigned the clip')
  await expect(ugo.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText(`${toveClip} is held by Tove until`)
  await expect(ugo.getByTestId('conflict')).toHaveCount(0)

  await lease.getByRole('button', { name: 'Release' }).click()
  await expect(lead.getByText('Nobody holds a clip now.')).toBeVisible()
  await expect(ugo.getByTestId('lease-badge')).toContainText(`You hold no lease on ${toveClip}`)
  // with nobody holding the clip, his kept edit saves
  await environment.press('Escape')
  await ugo.keyboard.press('Control+s')
  await expect(ugo.getByText(/Saved revision #\d+/)).toBeVisible()
  const stored = await call<ClipDetail>(request, 'clips.get', { id: ids[toveClip] })
  expect(stored.revision?.caption.environment).toBe('A harbour at dusk, edited by Ugo after the lead reassigned the clip')
  expect(stored.revision?.annotator).toBe('Ugo')
})
