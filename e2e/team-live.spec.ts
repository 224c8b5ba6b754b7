import { expect, test, type Browser, type Page } from '@playwright/test'
import { emptyCaption } from '../src/shared/caption'
import { TeamRows } from '../test/helpers/teamRows'
import { call, seedProject, studioUrl } from './helpers'

async function signIn(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(new URL(link, studioUrl()).href)
  return page
}

/** Opens the clip's review page and presses N, which leases the next clip nobody holds; returns the clip it went to. */
async function pressN(page: Page, clipId: number): Promise<string> {
  // the page's own address: studioUrl() carries the host's token, which would sign it in as the operator
  await page.goto(new URL(`/#/review/${clipId}`, page.url()).href)
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clipId))
  await page.getByTestId('review').focus()
  await page.keyboard.press('n')
  await expect(page.getByText(/Held until/)).toBeVisible()
  return (await page.getByTestId('review').getAttribute('data-clip-id'))!
}

test('the lead sees both annotators online on different clips, one going offline when its page closes, and the human agreement', async ({
  browser,
  request
}) => {
  const ids = await seedProject(request, 'e2e team live')
  const project = (await call<{ project: { path: string } }>(request, 'app.info', {})).project
  const ann = await call<{ link: string; person: { id: number } }>(request, 'people.add', { name: 'Ann', role: 'annotator' })
  const bob = await call<{ link: string; person: { id: number } }>(request, 'people.add', { name: 'Bob', role: 'annotator' })

  // 90 s leases: under the two minutes the live panel highlights
  await call(request, 'queue.saveSettings', { leaseSeconds: 90 })
  const lead = await (await browser.newContext()).newPage()
  await lead.addInitScript(() => window.localStorage.setItem('studio.annotator', 'Desk lead'))
  await lead.goto(new URL('#/team', studioUrl()).href)
  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click()
  await expect(lead.getByRole('region', { name: 'Live team' })).toBeVisible()

  const annPage = await signIn(browser, ann.link)
  const bobPage = await signIn(browser, bob.link)
  const annClip = await pressN(annPage, ids['2.mp4'])
  // Bob starts on the clip Ann holds: N passes it over
  const bobClip = await pressN(bobPage, Number(annClip))
  expect(annClip).not.toBe(bobClip)

  const name = (clipId: string) => Object.entries(ids).find(([, id]) => String(id) === clipId)![0]
  const annRow = lead.getByTestId('online-Ann')
  const bobRow = lead.getByTestId('online-Bob')
  await expect(annRow.getByTestId('online-clip')).toHaveText(name(annClip))
  await expect(bobRow.getByTestId('online-clip')).toHaveText(name(bobClip))
  await expect(annRow).toContainText('(annotator)')
  await expect(annRow.getByTestId('lease-expiry')).toHaveText(/expires in [01]:\d\d/)
  await expect(annRow.getByTestId('lease-expiry')).toHaveClass(/soon/)
  await expect(lead.getByTestId('expiring-soon').getByRole('listitem')).toHaveCount(2)

  await annPage.context().close()
  await expect(annRow).toHaveCount(0)
  await expect(bobRow).toBeVisible()
  await expect(lead.getByTestId('figures-Ann')).toBeVisible()
  await expect(lead.getByTestId('figures-Bob')).toBeVisible()

  // The overlap writers are not on this branch: their rows go into the project file directly, as the unit tests do.
  const rows = new TeamRows(project.path)
  const close = { ...emptyCaption(), shot_type: 'close_up' as const }
  for (const clip of ['2.mp4', '3.mp4']) rows.overlap(ids[clip])
  rows.blindLabel(ids['2.mp4'], ann.person.id, close, 'approved', 1)
  rows.blindLabel(ids['2.mp4'], bob.person.id, close, 'approved', 2)
  rows.blindLabel(ids['3.mp4'], ann.person.id, close, 'approved', 3)
  rows.blindLabel(ids['3.mp4'], bob.person.id, { ...close, shot_type: 'long_shot' }, 'approved', 4)
  rows.close()

  await lead.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click()
  const human = lead.getByTestId('human-agreement')
  await expect(human.getByTestId('human-agreement-summary')).toContainText('2 clip(s) labelled blind by two annotators (of 2 in overlap)')
  await expect(human.getByTestId('human-shot_type')).toContainText('50.0%')
  await expect(human.getByTestId('human-shot_angle')).toContainText('100.0%')
})
