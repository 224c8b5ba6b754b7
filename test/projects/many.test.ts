// Any number of projects open on one host, each request in the project it names: clip ids restart
// at 1 in every project, so a save meant for one must never land in another's clip 1.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { stringify } from 'csv-stringify/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost } from '../../src/main/hosts/http/http'
import { emptyCaption, type StructuralCaption } from '../../src/shared/caption'
import type { ProjectInfo } from '../../src/shared/contract'
import { skycap } from '../helpers/cli'
import { call, fail } from '../helpers/dispatch'
import { CLIP_2, CLIP_3 } from '../helpers/fixtures'
import { studioFetch } from '../helpers/loopback'
import { vllmStandIn } from '../helpers/vllmStandIn'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const caption = (action: string): StructuralCaption => ({
  ...emptyCaption(),
  subjects: [{ TYPES: { type: 'Human', sub_type: 'Woman' }, appearance: '', action, expression: '', position: '', is_main_subject: true }]
})

/** What the project file itself holds for clip 1: its video and every saved action, oldest first. */
function onDisk(file: string): { video: string; actions: string[] } {
  const db = new Database(file, { readonly: true })
  try {
    const video = (db.prepare('SELECT name FROM clips WHERE id = 1').get() as { name: string }).name
    const rows = db.prepare('SELECT caption_json FROM revisions WHERE clip_id = 1 ORDER BY number').all() as { caption_json: string }[]
    return { video, actions: rows.map((r) => (JSON.parse(r.caption_json) as StructuralCaption).subjects[0].action) }
  } finally {
    db.close()
  }
}

/** A project whose clip 1 is `first`. */
async function projectWith(app: StudioApp, name: string, first: string, second: string): Promise<ProjectInfo> {
  const csv = path.join(tempDir(), `${name}.csv`)
  writeFileSync(csv, stringify([['path'], [first], [second]]))
  const info = await call(app, 'project.create', { name })
  await call(app, 'clips.import', { project: info.id, kind: 'csv', path: csv })
  return info
}

describe('many projects on one host', () => {
  let app: StudioApp | undefined
  afterEach(async () => {
    await app?.close()
  })

  it('keeps any number of projects open; each save goes to the project the request names, whatever was opened since', async () => {
    app = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    const a = await projectWith(app, 'many a', CLIP_2, CLIP_3)
    const b = await projectWith(app, 'many b', CLIP_3, CLIP_2)
    expect(a.id).not.toBe(b.id)
    const save = (p: ProjectInfo, action: string, baseNumber: number) =>
      call(app!, 'captions.save', { project: p.id, clipId: 1, caption: caption(action), status: 'in_progress', annotator: p.name, baseNumber })
    // both at revision 0: the revision check alone could not tell the two clip 1s apart
    await save(a, 'in a', 0)
    await save(b, 'in b', 0)
    await call(app, 'project.open', { path: b.path }) // the host's last opened is b now
    await save(a, 'in a again', 1)
    // interleaved, at once
    await Promise.all(Array.from({ length: 10 }, (_, i) => save(i % 2 ? a : b, `burst ${i}`, 2 + Math.floor(i / 2)).catch(() => null)))
    const inA = onDisk(a.path)
    const inB = onDisk(b.path)
    expect(inA.video).toBe('2.mp4')
    expect(inB.video).toBe('3.mp4')
    expect(inA.actions.slice(0, 2)).toEqual(['in a', 'in a again'])
    expect(inB.actions[0]).toBe('in b')
    expect(inA.actions.filter((x) => x.startsWith('in b') || /burst [02468]/.test(x))).toEqual([])
    expect(inB.actions.filter((x) => x.startsWith('in a') || /burst [13579]/.test(x))).toEqual([])
    expect((await call(app, 'clips.get', { project: a.id, id: 1 })).revision?.caption.subjects[0].action).toBe(inA.actions.at(-1))
  })

  it('refuses a project route that names no project, or one that is not open, and says why', async () => {
    app = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    await projectWith(app, 'refuse', CLIP_2, CLIP_3)
    const none = await app.dispatch('clips.get', { id: 1 })
    expect(none).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('every request about project data names its project') }
    })
    expect(await fail(app, 'clips.get', { project: 'ffffffffffffffff', id: 1 })).toMatchObject({
      code: 'no_project',
      message: expect.stringContaining('not open on this host')
    })
    expect(await fail(app, 'clips.get', { project: '../../etc', id: 1 })).toMatchObject({ code: 'invalid_input' })
  })

  it('names the project in every event about its data', async () => {
    app = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    const a = await projectWith(app, 'events a', CLIP_2, CLIP_3)
    const seen: { event: string; project: unknown }[] = []
    app.bus.subscribe((event, payload) => seen.push({ event, project: (payload as { project?: unknown }).project }))
    await call(app, 'captions.save', { project: a.id, clipId: 1, caption: caption('x'), status: 'approved', annotator: 'ana', baseNumber: 0 })
    await call(app, 'clips.bulkStatus', { project: a.id, ids: [1, 2], status: 'flagged', annotator: 'ana', flagReason: 'blurry' })
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(seen.filter((e) => e.event === 'clips.changed').every((e) => e.project === a.id)).toBe(true)
  })

  it('through the CLI and HTTP at once: a CLI job on one project file and browser saves on another host project touch only their own', async () => {
    const dataDir = tempDir()
    app = createStudioApp({ dataDir, roots: testRoots() })
    const a = await projectWith(app, 'http side', CLIP_2, CLIP_3)
    const host = await startHttpHost({ app })
    const endpoint = await vllmStandIn({ content: JSON.stringify(caption('from the model')) })
    try {
      const cliProject = path.join(tempDir(), 'cli side.sqlite')
      const input = path.join(tempDir(), 'clips.csv')
      writeFileSync(input, stringify([['path'], [CLIP_3], [CLIP_2]]))
      const cli = skycap([
        'caption',
        '--input-csv',
        input,
        '--out-csv',
        path.join(tempDir(), 'out.csv'),
        '--project',
        cliProject,
        '--endpoint',
        endpoint.url,
        '--concurrency',
        '1'
      ])
      const post = async (route: string, body: unknown) =>
        (
          await studioFetch(host, new URL(`/api/${route}`, host.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body)
          })
        ).json()
      for (let n = 0; n < 5; n++) {
        const saved = await post('captions.save', {
          project: a.id,
          clipId: 1,
          caption: caption(`http ${n}`),
          status: 'in_progress',
          annotator: 'web',
          baseNumber: n
        })
        expect(saved.ok, JSON.stringify(saved)).toBe(true)
      }
      const { code, stderr } = await cli
      expect(code, stderr).toBe(0)
      expect(onDisk(a.path).actions).toEqual(['http 0', 'http 1', 'http 2', 'http 3', 'http 4'])
      const cliDb = new Database(cliProject, { readonly: true })
      try {
        expect((cliDb.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n).toBe(0)
        expect((cliDb.prepare("SELECT count(*) AS n FROM prelabels WHERE source_kind = 'model'").get() as { n: number }).n).toBe(2)
      } finally {
        cliDb.close()
      }
      const aDb = new Database(a.path, { readonly: true })
      try {
        expect((aDb.prepare("SELECT count(*) AS n FROM prelabels WHERE source_kind = 'model'").get() as { n: number }).n).toBe(0)
      } finally {
        aDb.close()
      }
    } finally {
      await endpoint.close()
      await host.close()
    }
  }, 90_000)
})
