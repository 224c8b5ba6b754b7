// The Report's calibration section: two clips get a scored model pre-label (stored through the store, as a
// pre-label job with log-probabilities would), reviewers approve them from it, and the page shows the
// reliability diagram and the kept-above-threshold sentence, which follows the threshold box.
import { expect, test } from '@playwright/test'
import type { StructuralCaption } from '../src/shared/caption'
import type { PrelabelConfidence } from '../src/shared/confidence'
import { ProjectStore } from '../src/main/store/project'
import { call, seedProject, studioUrl } from './helpers'

const scored = (fields: [string, 'enum' | 'text', number][]): PrelabelConfidence => ({
  status: 'scored',
  topK: 5,
  fields: fields.map(([path, kind, p]) => ({ path, kind, p })),
  min: Math.min(...fields.filter(([, kind]) => kind === 'enum').map(([, , p]) => p))
})

test('the Report shows a reliability diagram and "fields above t were kept" for a model and quant', async ({ page, request }) => {
  await page.goto(studioUrl())
  await page.getByLabel('Annotator name').fill('e2e lead')
  await page.getByRole('button', { name: 'Set name' }).click()
  const ids = await seedProject(request, 'e2e calibration')
  const human = new Map<number, StructuralCaption>()
  for (const name of ['2.mp4', '3.mp4']) human.set(ids[name], (await call(request, 'clips.get', { id: ids[name] })).prelabel.caption)

  const store = ProjectStore.open((await call(request, 'app.info', {})).project.path)
  try {
    const source = { kind: 'model' as const, label: 'SkyCaptioner-V1-Q4_K_M.gguf (llama-server)', details: { model: '/models/SkyCaptioner-V1-Q4_K_M.gguf' } }
    const add = (clipId: number, caption: StructuralCaption, confidence: PrelabelConfidence) =>
      store.addPrelabel({ clipId, rawText: JSON.stringify(caption), caption, problems: [], source, timings: {}, confidence })
    // 2.mp4: the reviewer keeps all three; 3.mp4: the reviewer changes the shot type, keeps the angle
    const two = human.get(ids['2.mp4'])!
    add(
      ids['2.mp4'],
      two,
      scored([
        ['shot_type', 'enum', 0.95],
        ['shot_angle', 'enum', 0.92],
        ['lighting', 'text', 0.4]
      ])
    )
    const three = human.get(ids['3.mp4'])!
    add(
      ids['3.mp4'],
      { ...three, shot_type: three.shot_type === 'close_up' ? 'long_shot' : 'close_up' },
      scored([
        ['shot_type', 'enum', 0.93],
        ['shot_angle', 'enum', 0.97]
      ])
    )
  } finally {
    store.close()
  }
  for (const [clipId, caption] of human) await call(request, 'captions.save', { clipId, caption, status: 'approved', annotator: 'e2e lead', baseNumber: 0 })

  await page.goto(new URL('#/report', studioUrl()).href)
  const section = page.getByTestId('calibration')
  await expect(section.getByTestId('calibration-summary')).toContainText('2 approved clip(s) whose reviewer started from a model pre-label with confidence')
  await expect(section.getByTestId('calibration-summary')).toContainText('anchoring')
  const group = section.getByTestId('calibration-group')
  await expect(group).toHaveCount(1)
  await expect(group).toContainText('SkyCaptioner-V1-Q4_K_M.gguf · Q4_K_M')
  await expect(group).toContainText('5 field(s) from 2 approved clip(s)')
  // 0.95, 0.92, 0.97 kept and 0.93 changed: 3 of 4, Wilson 30.1%–95.4%
  await expect(group.getByTestId('calibration-sentence')).toHaveText(
    'Fields at or above 0.9 were kept unchanged 75.0% of the time (95% CI 30.1%–95.4%): 4 field(s) from 2 approved clip(s).'
  )
  // bins 0.4–0.5 (the lighting) and 0.9–1
  const diagram = group.getByRole('img', { name: /Reliability diagram: SkyCaptioner-V1-Q4_K_M\.gguf · Q4_K_M/ })
  await expect(diagram.getByTestId('reliability-bin')).toHaveCount(2)

  await section.getByLabel('Threshold', { exact: true }).fill('0.94')
  await expect(group.getByTestId('calibration-sentence')).toHaveText(
    'Fields at or above 0.94 were kept unchanged 100.0% of the time (95% CI 34.2%–100.0%): 2 field(s) from 2 approved clip(s).'
  )
  // one kind at a time: the text fields alone
  await section.getByRole('combobox', { name: 'Fields' }).selectOption({ label: 'every text' })
  await expect(group).toContainText('1 field(s) from 1 approved clip(s)')
  await expect(group.getByTestId('calibration-sentence')).toHaveText('No field reached confidence 0.94.')
})
