// `skycap shootout` as a child process on a real project file: the two tiny quants (f16 and a
// Q4_0 copy) through real llama-server and ffmpeg, the report table on stdout, and exit codes for
// a finished shoot-out, one with clips a quant did not answer, and one that cannot start.
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { ensureTinyQ4Model } from '../../scripts/make-tiny-q4-model'
import { createStudioApp } from '../../src/main/app'
import { ProjectStore } from '../../src/main/store/project'
import { skycap } from '../helpers/cli'
import { fakeEndpoint } from '../helpers/fakeEndpoint'
import { call, copyClips, requireLlamaServer } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

/** A project file with two imported clips; returns its path and the clip ids. */
async function projectWithClips(): Promise<{ file: string; ids: number[] }> {
  const dataDir = tempDir('skycap-cli-shootout-')
  const app = createStudioApp({ dataDir, roots: testRoots() })
  try {
    const { path: file } = await call(app, 'project.create', { name: 'cli shoot-out' })
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copyClips(path.join(dataDir, 'clips'), 2)[0]) })
    const ids = (await call(app, 'clips.list', { sort: 'name' })).rows.map((r) => r.id)
    return { file, ids }
  } finally {
    await app.close()
  }
}

describe('skycap shootout', () => {
  let models: TinyModels
  let q4: string
  beforeAll(async () => {
    models = await ensureTinyModels()
    q4 = await ensureTinyQ4Model()
  }, 120_000)

  it('runs every quant over the chosen clips, prints the table, stores the answers and exits 0', async () => {
    const { file, ids } = await projectWithClips()
    const quants = ['--quant', `F16=${models.model}`, '--quant', `Q4_0=${q4}`, '--mmproj', models.mmproj]
    const run = await skycap(['shootout', '--project', file, ...quants, '--clips', ids.join(','), '--max-tokens', '48', '--context', '4096'])
    expect(run.stderr).toContain('shoot-out of 2 quants on 2 clips')
    expect(run.code, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^Shoot-out job 1: 2 clip\(s\), 0 in the blind gold set; Pareto front and recommendation against the approved captions\.$/)
    expect(lines[1]).toMatch(/^quant\s+clips\s+reused\s+no answer\s+vs approved\s+vs gold\s+s\/clip\s+clips\/h/)
    // each quant answered both clips itself: timed, nothing compared yet (no approved clip)
    for (const [i, label] of ['F16', 'Q4_0'].entries())
      expect(lines[2 + i]).toMatch(new RegExp(`^${label}\\s+2\\s+0\\s+0\\s+—\\s+\\(0\\)\\s+—\\s+\\(0\\)\\s+\\d+\\.\\d\\s+\\d+`))
    const store = ProjectStore.open(file)
    try {
      for (const id of ids) expect(store.prelabels.forClip(id).map((p) => p.source.details.shootoutLabel)).toEqual(expect.arrayContaining(['F16', 'Q4_0']))
    } finally {
      store.close()
    }
  }, 600_000)

  it('exits 2 when a quant left clips without an answer, naming them on stderr', async () => {
    const { file, ids } = await projectWithClips()
    const prose = await fakeEndpoint({ prose: 'no caption here' })
    try {
      const quants = ['--quant', `F16=${models.model}`, '--quant', `Prose=${prose.url}`, '--mmproj', models.mmproj]
      const run = await skycap(['shootout', '--project', file, ...quants, '--clips', ids.join(','), '--max-tokens', '48', '--context', '4096', '--skip-check'])
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(/copy-00\.mp4: Prose: /)
      expect(run.stdout).toMatch(/\nProse\s+0\s+0\s+2\s/)
    } finally {
      await prose.close()
    }
  }, 600_000)

  it('exits 1 with the reason when the shoot-out cannot start', async () => {
    const { file } = await projectWithClips()
    const quants = ['--quant', `F16=${models.model}`, '--quant', `Q4_0=${q4}`, '--mmproj', models.mmproj]
    const none = await skycap(['shootout', '--project', file, ...quants])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('No approved clip to compare the quants on')
    const one = await skycap(['shootout', '--project', file, '--quant', `F16=${models.model}`])
    expect(one.code).toBe(1)
    expect(one.stderr).toContain('Give two or more --quant')
  }, 120_000)
})
