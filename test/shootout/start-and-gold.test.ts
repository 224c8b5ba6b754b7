// The shoot-out's routes through the real app, without a model run: the gold set refuses clips a
// reviewer already saw a pre-label of, the samples pick the clips they say, and a start with files
// outside the models folder, twin labels or no clip is refused before any job exists.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { call, fail } from '../helpers/dispatch'
import { RESULT_CSV } from '../helpers/fixtures'
import { TEST_MODELS_DIR, testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

const local = (file: string) => ({ local: { model: path.join(TEST_MODELS_DIR, file), mmproj: path.join(TEST_MODELS_DIR, 'mmproj.gguf') } })

describe('shoot-out start and the gold set', () => {
  let app: StudioApp
  let ids: Record<string, number>
  beforeAll(async () => {
    app = createStudioApp({ dataDir: tempDir('skycap-shootout-routes-'), roots: testRoots() })
    await call(app, 'project.create', { name: 'shoot-out routes' })
    await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
    const rows = (await call(app, 'clips.list', { sort: 'name' })).rows
    ids = Object.fromEntries(rows.map((r) => [r.name, r.id]))
  })
  afterAll(() => app?.close())

  it('keeps the gold set, hides gold pre-labels, and refuses a clip already reviewed from a pre-label', async () => {
    expect(await call(app, 'gold.mark', { clipIds: [ids['3.mp4'], ids['2.mp4']], gold: true })).toEqual([ids['2.mp4'], ids['3.mp4']].sort((a, b) => a - b))
    expect(await call(app, 'clips.get', { id: ids['3.mp4'] })).toMatchObject({ prelabel: null, gold: true })
    expect(await call(app, 'clips.get', { id: ids['2.mp4'] })).toMatchObject({ gold: true })
    expect(await call(app, 'gold.mark', { clipIds: [ids['2.mp4']], gold: false })).toEqual([ids['3.mp4']])
    // the gold set is read through a cache of its parsed list: a change shows at once
    expect(await call(app, 'clips.get', { id: ids['2.mp4'] })).toMatchObject({ gold: false })
    const { prelabel } = await call(app, 'clips.get', { id: ids['2.mp4'] })
    await call(app, 'captions.save', { clipId: ids['2.mp4'], caption: prelabel!.caption, status: 'approved', annotator: 'lead', baseNumber: 0 })
    const refused = await fail(app, 'gold.mark', { clipIds: [ids['2.mp4']], gold: true })
    expect(refused).toMatchObject({ code: 'conflict', message: '2.mp4 was already annotated from a pre-label, so it cannot be a blind gold clip' })
    expect(await call(app, 'gold.list', {})).toEqual([ids['3.mp4']])
    expect((await fail(app, 'gold.mark', { clipIds: [999], gold: true })).code).toBe('not_found')
  })

  it('refuses a start before any job exists: twin labels, a model outside the models folder, an empty sample', async () => {
    const quants = [
      { label: 'A', engine: local('a.gguf') },
      { label: 'B', engine: local('b.gguf') }
    ]
    const twins = await fail(app, 'shootout.start', { quants: [quants[0], { ...quants[1], label: 'A' }], sample: { kind: 'approved' } })
    expect(twins.message).toContain('Give every quant of a shoot-out its own label')
    const outside = [quants[0], { label: 'B', engine: { local: { model: '/etc/passwd', mmproj: quants[0].engine.local.mmproj } } }]
    expect(await fail(app, 'shootout.start', { quants: outside, sample: { kind: 'approved' } })).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^passwd is outside/)
    })
    const none = await fail(app, 'shootout.start', { quants, sample: { kind: 'clips', clipIds: [] } })
    expect(none.code).toBe('invalid_input')
    expect(await call(app, 'jobs.list', {})).toEqual([])
  })
})
