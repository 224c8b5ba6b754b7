import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { ensureTinyTextModel } from '../scripts/make-tiny-text-model'
import { RESULT_CSV, call, studioUrl } from './helpers'

const T2V_TEXT = 'A woman in a car turns to her left and speaks (typed in e2e).'

test('fuse with the tiny GGUF, edit a T2V caption in Review, export CSV + JSONL with progress, and read the report chart', async ({ page, request }) => {
  const model = await ensureTinyTextModel()
  // typed as a name, the folder lands in the host's exports root (by default <data folder>/exports)
  const folder = `e2e-export-${test.info().repeatEachIndex}-${Date.now()}`
  const outDir = join((await call(request, 'app.info', {})).dataDir, 'exports', folder)
  try {
    await page.goto(studioUrl())
    await page.getByLabel('Annotator name').fill('e2e lead')
    await page.getByRole('button', { name: 'Set name' }).click()
    await page.getByLabel('Project name').fill(`e2e export ${test.info().repeatEachIndex}`)
    await page.getByRole('button', { name: 'Create project' }).click()
    await page.getByLabel('Import path').fill(RESULT_CSV)
    await page.getByRole('button', { name: 'Import CSV' }).click()
    await expect(page.getByTestId('import-report')).toContainText('added 3')

    // two clips approved as the model had them (through the API: the review UI has its own e2e)
    const { rows } = await call(request, 'clips.list', { sort: 'name' })
    const byName = Object.fromEntries(rows.map((r: { name: string; id: number }) => [r.name, r.id]))
    for (const name of ['2.mp4', '3.mp4']) {
      const { prelabel } = await call(request, 'clips.get', { id: byName[name] })
      await call(request, 'captions.save', { clipId: byName[name], caption: prelabel.caption, status: 'approved', annotator: 'e2e lead', baseNumber: 0 })
    }

    // fusion job on the Export screen, the tiny text model run in the host process
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Export' }).click()
    await page.getByLabel('Instruct model (GGUF)').fill(model)
    await page.getByLabel('Clips to fuse').selectOption('missing')
    await page.getByLabel('Max new tokens').fill('16')
    await page.getByRole('button', { name: 'Fuse' }).click()
    await expect(page.getByLabel('Fusion progress')).toBeVisible()
    await expect(page.getByTestId('job-counts')).toContainText('2 / 2 · 0 failed · done', { timeout: 90_000 })

    // Review shows the fused captions; an edit of the T2V caption is saved as revision #2
    await page.goto(`${studioUrl()}#/review/${byName['2.mp4']}`)
    await expect(page.getByTestId('fusion-t2v-origin')).toContainText('#1, made from revision #1 by tiny-qwen2.5-instruct.gguf (node-llama-cpp)')
    await expect(page.getByLabel('I2V caption')).not.toHaveValue('')
    await page.getByLabel('T2V caption').fill(T2V_TEXT)
    await expect(page.getByTestId('fusion-t2v-origin')).toHaveText('Unsaved changes')
    await page.getByRole('button', { name: 'Save T2V' }).click()
    await expect(page.getByTestId('fusion-t2v-origin')).toHaveText('#2, edited by e2e lead')
    await page.reload()
    await expect(page.getByLabel('T2V caption')).toHaveValue(T2V_TEXT)

    // export: count, progress bar, files on disk
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Export' }).click()
    await expect(page.getByTestId('export-matching')).toHaveText('2 clip(s) match')
    await page.getByLabel('JSONL messages + videos (LLaMA-Factory, ms-swift)').check()
    await page.getByLabel('Folder').fill(folder)
    await page.getByLabel('Validation %').fill('0')
    await page.getByRole('button', { name: 'Export', exact: true }).last().click()
    await expect(page.getByTestId('export-progress')).toHaveText('2 / 2 · done')
    await expect(page.getByLabel('Export progress')).toHaveAttribute('value', '2')
    await expect(page.getByTestId('export-result')).toContainText('Exported 2 clip(s)')
    await expect(page.getByTestId('export-folder')).toHaveText(outDir)
    expect(readdirSync(outDir).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner-messages.jsonl', 'skycaptioner.csv'])
    const csv = parse(readFileSync(join(outDir, 'skycaptioner.csv')), { columns: true }) as Record<string, string>[]
    expect(csv.map((r) => r.path.split('/').pop())).toEqual(['2.mp4', '3.mp4'])
    expect(csv[0].t2v_fusion_caption).toBe(T2V_TEXT)
    expect(csv[1].i2v_fusion_caption.length).toBeGreaterThan(0)
    const lines = readFileSync(join(outDir, 'skycaptioner-messages.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[0].messages[0].content.startsWith('<video>I need you to generate a structured and detailed caption')).toBe(true)

    // the report: both approved clips against the imported pre-labels, drawn as bars per field
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click()
    await expect(page.getByTestId('report-summary')).toContainText('2 approved clip(s); 1 pre-label source(s)')
    await expect(page.getByRole('list', { name: 'Sources' })).toContainText('test_result.csv')
    const chart = page.getByRole('img', { name: 'Agreement per field and source' })
    await expect(chart.locator('[data-field]')).toHaveCount(14)
    await expect(chart.locator('[data-field="shot_type"] .value')).toHaveText('100.0%')
    await page.getByLabel('Edit distance (text fields)').check()
    await expect(page.getByRole('img', { name: 'Edit distance per field and source' }).locator('[data-field]')).toHaveCount(7)
    await page.getByLabel('Cohen’s kappa (enum fields)').check()
    await expect(page.getByRole('img', { name: "Cohen's kappa per field and source" }).locator('[data-field]')).toHaveCount(7)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
})
