// The Report shows a quant shoot-out: the project is seeded through the store (two quants' pre-labels
// and the shoot-out job, as the job would store them), not by running models in the browser test.
import { expect, test } from '@playwright/test'
import { ShootoutQuant } from '../src/shared/api/shootout'
import type { StructuralCaption } from '../src/shared/caption'
import { quantKey } from '../src/main/shootout/quantKey'
import { ProjectStore } from '../src/main/store/project'
import { call, seedProject, studioUrl } from './helpers'

const quant = (label: string) =>
  ShootoutQuant.parse({ label, engine: { local: { model: `/models/SkyCaptioner-V1-${label}.gguf`, mmproj: '/models/mmproj.gguf' } } })

test('a shoot-out appears on the Report with its accuracy-vs-speed chart, and its evidence on the Models screen', async ({ page, request }) => {
  await page.goto(studioUrl())
  await page.getByLabel('Annotator name').fill('e2e lead')
  await page.getByRole('button', { name: 'Set name' }).click()
  const ids = await seedProject(request, 'e2e shoot-out')
  const clipIds = [ids['2.mp4'], ids['3.mp4']]
  const captions = new Map<number, StructuralCaption>()
  for (const id of clipIds) captions.set(id, (await call(request, 'clips.get', { id })).prelabel.caption)
  // one clip annotated blind: marked gold before anyone reviews it
  await call(request, 'gold.mark', { clipIds: [ids['3.mp4']], gold: true })

  const q8 = quant('Q8_0')
  const q4 = quant('Q4_K_M')
  const store = ProjectStore.open((await call(request, 'app.info', {})).project.path)
  try {
    const job = store.jobs.create('shootout', { quants: [q8, q4], clipIds }, new Date().toISOString())
    for (const id of clipIds) {
      const human = captions.get(id)!
      const answers: [ShootoutQuant, StructuralCaption, number][] = [
        [q8, human, 8000],
        [q4, { ...human, shot_type: human.shot_type === 'close_up' ? 'long_shot' : 'close_up' }, 4000]
      ]
      for (const [q, caption, requestMs] of answers) {
        const details = { model: q.engine.local!.model, shootoutKey: quantKey(q.engine), peakRssBytes: requestMs * 1e6, jobId: job.id }
        const timings = { requestMs, promptEvaluated: 1928, promptMs: requestMs / 4, outputTokens: 300, predictedMs: requestMs / 2 }
        store.addPrelabel({ clipId: id, rawText: JSON.stringify(caption), caption, problems: [], source: { kind: 'model', label: q.label, details }, timings })
      }
    }
  } finally {
    store.close()
  }
  for (const id of clipIds) {
    await call(request, 'captions.save', { clipId: id, caption: captions.get(id), status: 'approved', annotator: 'e2e lead', baseNumber: 0 })
  }

  // the page opens the project the host has open
  await page.goto(new URL('#/report', studioUrl()).href)
  const section = page.getByTestId('shootout')
  await expect(section).toContainText('2 clip(s), every quant on the same ones; 1 clip(s) in the blind gold set')
  await expect(section.locator('tbody tr')).toHaveCount(2)
  await expect(section.locator('tbody tr').first()).toContainText('Q8_0')
  await expect(section.locator('tbody tr').first()).toContainText('100.0% (1)') // approved, outside the gold set
  await expect(section.locator('tbody tr').first()).toContainText('450')
  const chart = section.getByRole('img', { name: 'Accuracy against the blind gold set versus clips per hour, per quant' })
  await expect(chart.getByTestId('quant-point')).toHaveCount(2)
  await expect(chart.locator('[data-pareto="true"]')).toHaveCount(2)
  await expect(chart.getByTestId('pareto-front')).toBeVisible()
  await expect(section.getByTestId('shootout-evidence')).toContainText("Q8_0: the most accurate in this project's shoot-out, 450 clips per hour")
  await expect(section.getByTestId('shootout-evidence')).toContainText('against the blind gold set')
  // a new shoot-out needs two quants picked before it can start
  await page.getByText('Run a shoot-out').click()
  await expect(page.getByRole('button', { name: 'Start shoot-out' })).toBeDisabled()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Models' }).click()
  await expect(page.getByTestId('shootout-evidence')).toContainText('On evidence: Q8_0: the most accurate')
})

test('clips put in the gold set from the Library open in Review without their pre-label', async ({ page, request }) => {
  await page.goto(studioUrl())
  await page.getByLabel('Annotator name').fill('e2e lead')
  await page.getByRole('button', { name: 'Set name' }).click()
  const ids = await seedProject(request, 'e2e gold set')
  await page.goto(new URL('#/library', studioUrl()).href)
  await page.getByLabel('Select 3.mp4').click()
  await page.getByRole('button', { name: 'Add to gold set' }).click()
  await expect(page.getByRole('status')).toHaveText('1 clip(s) in the gold set')
  expect(await call(request, 'gold.list', {})).toEqual([ids['3.mp4']])

  await page.goto(new URL(`#/review/${ids['3.mp4']}`, studioUrl()).href)
  await expect(page.getByTestId('gold-badge')).toBeVisible()
  // the pre-label from test_result.csv is not shown: the caption starts empty
  expect((await call(request, 'clips.get', { id: ids['3.mp4'] })).prelabel).toBeNull()
  await page.goto(new URL(`#/review/${ids['2.mp4']}`, studioUrl()).href)
  await expect(page.getByTestId('clip-name')).toHaveText('2.mp4')
  await expect(page.getByTestId('gold-badge')).toHaveCount(0)
})
