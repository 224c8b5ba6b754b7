import { expect, test } from '@playwright/test'
import type { Lease, QueueSettings } from '../src/shared/api/queue'
import { call, seedProject, studioUrl } from './helpers'

test("a lead makes the Library's filter the queue order: N then gives only its clips, and the People screen switches back", async ({ page, request }) => {
  await seedProject(request, 'e2e queue order')
  const { rows } = await call<{ rows: { id: number; shotType: string | null }[] }>(request, 'clips.list', { limit: 1000 })
  // the shot type most of the seed clips have, and the clips that have it
  const counts = new Map<string, number>()
  for (const r of rows) if (r.shotType) counts.set(r.shotType, (counts.get(r.shotType) ?? 0) + 1)
  const [shotType] = [...counts].sort((a, b) => b[1] - a[1])[0]
  const matching = rows.filter((r) => r.shotType === shotType).map((r) => r.id)
  expect(matching.length).toBeLessThan(rows.length)

  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'lead'))
  await page.goto(new URL('#/library', studioUrl()).href)
  await page.locator('#filter-shotType').selectOption(shotType)
  await expect(page.getByTestId('clip-total')).toHaveText(`${matching.length} clips`)
  await page.getByRole('button', { name: 'Use this filter as the queue order' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Queue order:' })).toContainText(`shot type ${shotType.replace(/_/g, ' ')}, sorted by id`)
  const saved = await call<QueueSettings>(request, 'queue.settings', {})
  expect(saved.order).toEqual({ kind: 'filter', filter: { shotType }, sort: 'id', desc: false })

  // an annotator's N walks only the filter's clips, in its order
  const project = (await call<{ project: { id: string } }>(request, 'app.info', {})).project.id
  const { token } = await call<{ token: string }>(request, 'people.add', { name: 'Queue walker', role: 'annotator' })
  const given: number[] = []
  for (let i = 0; i < matching.length; i++) {
    const res = await request.post(new URL('/api/queue.next', studioUrl()).href, {
      data: { project, after: given.at(-1) },
      headers: { authorization: `Bearer ${token}` }
    })
    given.push(((await res.json()) as { data: Lease }).data.clipId)
  }
  expect(given).toEqual(matching)

  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'People' }).click()
  const setting = page.getByRole('group', { name: 'Queue order' })
  await expect(setting.getByLabel(/This Library filter/)).toBeChecked()
  await expect(setting).toContainText('clips it does not match are not offered')
  // a click, not check(): the radio follows the saved setting once the host answers
  await setting.getByLabel('Import order').click()
  await expect(setting.getByLabel('Import order')).toBeChecked()
  expect((await call<QueueSettings>(request, 'queue.settings', {})).order).toEqual({ kind: 'import' })
})
