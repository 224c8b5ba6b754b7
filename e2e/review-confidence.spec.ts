// Review with the model's confidence: the project is seeded through the store with scored model pre-labels (as
// a pre-label job stores them), then the Library sorts and filters by confidence, the editor marks the unsure
// fields, and N follows the least-confident-first order rather than import order.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { emptyCaption, emptySubject, type StructuralCaption } from '../src/shared/caption'
import type { PrelabelConfidence } from '../src/shared/confidence'
import { ProjectStore } from '../src/main/store/project'
import { tempDir } from '../test/helpers/temp'
import { call, FIXTURES, seedProject, studioUrl } from './helpers'

const caption: StructuralCaption = {
  ...emptyCaption(),
  shot_type: 'close_up',
  lighting: 'warm sunset light',
  subjects: [{ ...emptySubject(), TYPES: { type: 'Human', sub_type: 'Woman' }, action: 'sips coffee', is_main_subject: true }]
}

/** A scored pre-label whose shot type the model gave with probability `p` (the clip's minimum). */
const scored = (p: number): PrelabelConfidence => ({
  status: 'scored',
  topK: 5,
  min: p,
  fields: [
    { path: 'shot_type', kind: 'enum', p, options: { close_up: p, medium_shot: 1 - p } },
    { path: 'lighting', kind: 'text', p: 0.9, min: 0.25, spans: [{ start: 5, end: 11, p: 0.25 }] },
    { path: 'subjects[0].action', kind: 'text', p: 0.95 },
    { path: 'subjects.count', kind: 'count', p: 0.97 }
  ]
})

/** Three copies of the playable seed clip, a, b and c, each with a scored model pre-label (shot type at `p`). */
async function seedScored(request: APIRequestContext, name: string, shotType: Record<string, number>): Promise<Record<string, number>> {
  const dir = tempDir('skycap-confidence-')
  for (const file of Object.keys(shotType)) copyFileSync(join(FIXTURES, 'examples/data/2.mp4'), join(dir, file))
  const ids = await seedProject(request, name, dir)
  const store = ProjectStore.open((await call(request, 'app.info', {})).project.path)
  try {
    for (const [file, p] of Object.entries(shotType)) {
      const source = { kind: 'model' as const, label: 'SkyCaptioner-V1 Q4_K_M', details: {} }
      store.addPrelabel({ clipId: ids[file], rawText: JSON.stringify(caption), caption, problems: [], source, timings: {}, confidence: scored(p) })
    }
  } finally {
    store.close()
  }
  return ids
}

const rowNames = (page: Page) => page.getByRole('table', { name: 'Clips' }).locator('.clip-name')
const shown = (page: Page) => page.getByTestId('review')

test('the Library sorts and filters by confidence, the editor marks unsure fields, and N follows that order', async ({ page, request }) => {
  // Three playable clips imported a, b, c; the model was least sure of b, then a, then c.
  const ids = await seedScored(request, 'e2e confidence', { 'a.mp4': 0.5, 'b.mp4': 0.2, 'c.mp4': 0.9 })
  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'confidence annotator'))
  await page.goto(new URL('#/library', studioUrl()).href)
  await expect(rowNames(page)).toHaveText(['a.mp4', 'b.mp4', 'c.mp4'])
  // least confident first
  await page.getByRole('columnheader', { name: 'Confidence' }).getByRole('button').click()
  await expect(page.getByRole('columnheader', { name: 'Confidence' })).toHaveAttribute('aria-sort', 'ascending')
  await expect(rowNames(page)).toHaveText(['b.mp4', 'a.mp4', 'c.mp4'])
  await expect(page.getByRole('row').filter({ hasText: 'b.mp4' })).toContainText('20%')
  // "model unsure of shot type below 60%"
  await page.locator('#filter-confidence').selectOption('shot_type')
  await expect(rowNames(page)).toHaveText(['b.mp4', 'a.mp4'])
  await page.locator('#filter-confidence-below').fill('30')
  await page.locator('#filter-confidence-below').blur()
  await expect(rowNames(page)).toHaveText(['b.mp4'])
  await page.locator('#filter-confidence').selectOption('')
  await expect(rowNames(page)).toHaveText(['b.mp4', 'a.mp4', 'c.mp4'])

  // b in the editor: shot type marked, with the number on hover and for screen readers; the low word underlined
  await rowNames(page).first().click()
  await expect(shown(page)).toHaveAttribute('data-clip-id', String(ids['b.mp4']))
  const badge = page.getByTestId('unsure-shot_type')
  await expect(badge).toHaveText('unsure')
  await expect(badge).toHaveAttribute('title', 'The model was unsure of this value: 20% confidence')
  await expect(page.locator('#shot_type')).toHaveAttribute('aria-description', 'The model was unsure of this value: 20% confidence')
  await expect(page.getByTestId('unsure-lighting')).toHaveCount(0) // the text as a whole was sure
  const word = page.getByTestId('low-words-lighting').locator('u')
  await expect(word).toHaveText('sunset')
  await expect(word).toHaveAttribute('title', '25% likely')
  await expect(page.getByTestId('unsure-subject-1-action')).toHaveCount(0)
  // a human change ends the mark: the field has been looked at
  await page.locator('#shot_type').selectOption('medium_shot')
  await expect(badge).toHaveCount(0)
  await page.keyboard.press('Escape')

  // N: the next unreviewed clip by confidence is a (import order would give c), then c
  await page.keyboard.press('n')
  await expect(shown(page)).toHaveAttribute('data-clip-id', String(ids['a.mp4']))
  await expect(page.getByTestId('unsure-shot_type')).toHaveAttribute('title', 'The model was unsure of this value: 50% confidence')
  await page.keyboard.press('n')
  await expect(shown(page)).toHaveAttribute('data-clip-id', String(ids['c.mp4']))
  await expect(page.getByTestId('unsure-shot_type')).toHaveCount(0)
  // b's change was saved on the way
  expect((await call(request, 'clips.get', { id: ids['b.mp4'] })).revision.caption.shot_type).toBe('medium_shot')
})

test('auto-accept: confident fields start accepted and Approve records them as unlooked; an audit clip pre-accepts nothing', async ({ page, request }) => {
  const ids = await seedScored(request, 'e2e auto-accept', { 'a.mp4': 0.97 })
  await call(request, 'review.saveSettings', { markBelow: 0.6, autoAccept: { above: 0.95, auditShare: 0 } })
  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'accepting annotator'))
  await page.goto(new URL(`#/review/${ids['a.mp4']}`, studioUrl()).href)
  await expect(shown(page)).toHaveAttribute('data-clip-id', String(ids['a.mp4']))
  // shot type 97% and the subject count 97% start accepted; the action (95% mean, no least-likely figure) too; the
  // lighting text has a 25% word, so it waits for a look
  await expect(page.getByTestId('accepted-shot_type')).toHaveAttribute('title', /^Pre-accepted: the model was 97% sure/)
  await expect(page.getByTestId('accepted-subjects.count')).toBeVisible()
  await expect(page.getByTestId('accepted-subject-1-action')).toBeVisible()
  await expect(page.getByTestId('accepted-lighting')).toHaveCount(0)
  await expect(page.getByTestId('audit-badge')).toHaveCount(0)
  await page.getByTestId('review').focus()
  await page.keyboard.press('a')
  await expect.poll(async () => (await call(request, 'clips.get', { id: ids['a.mp4'] })).revision?.status).toBe('approved')
  const revisionId = (await call(request, 'clips.get', { id: ids['a.mp4'] })).revision.id
  const store = ProjectStore.open((await call(request, 'app.info', {})).project.path)
  try {
    expect(store.reviewModes.get(revisionId)).toEqual({ mode: 'accepted', fields: ['shot_type', 'subjects[0].action', 'subjects.count'] })
  } finally {
    store.close()
  }

  // every clip an audit: nothing pre-accepted, the clip says so
  await call(request, 'review.saveSettings', { markBelow: 0.6, autoAccept: { above: 0.95, auditShare: 1 } })
  await page.reload()
  await expect(page.getByTestId('audit-badge')).toHaveText('Audit: full review')
  await expect(page.getByTestId('accepted-shot_type')).toHaveCount(0)
})
