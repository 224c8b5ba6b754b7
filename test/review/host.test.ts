import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { sampleFrameIndices } from '../../src/main/inference/frames'
import { migrate } from '../../src/main/store/db'
import { MIGRATIONS } from '../../src/main/store/migrations'
import { ProjectStore } from '../../src/main/store/project'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { emptyCaption, emptySubject } from '../../src/shared/caption'
import { EXAMPLES_DIR, RESULT_CSV } from '../helpers/fixtures'
import { call, fail } from '../helpers/dispatch'
import { studioFetch } from '../helpers/loopback'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

describe('review routes on the real app and HTTP host', () => {
  let dataDir: string
  let app: StudioApp
  let host: HttpHost
  const ids: Record<string, number> = {}
  let project: string

  beforeAll(async () => {
    dataDir = tempDir()
    app = createStudioApp({ dataDir, roots: testRoots() })
    project = (await call(app, 'project.create', { name: 'review routes' })).id
    await call(app, 'clips.import', { kind: 'folder', path: EXAMPLES_DIR })
    await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
    for (const row of (await call(app, 'clips.list', {})).rows) ids[row.name] = row.id
    host = await startHttpHost({ app })
  })

  afterAll(async () => {
    await host?.close()
    await app?.close()
  })

  it('reads frame times once with ffprobe and answers later from SQLite', async () => {
    const frames = await call(app, 'media.frames', { clipId: ids['2.mp4'] })
    expect(frames).toMatchObject({ clipId: ids['2.mp4'], source: 'ffprobe', problem: null })
    expect(frames.times).toHaveLength(121)
    // 2.mp4 is 29 fps: frame k at k/29.
    frames.times.forEach((t, k) => expect(t).toBeCloseTo(k / 29, 5))
    expect(frames.end).toBeCloseTo(121 / 29, 5)
    expect(frames.sampled).toEqual(sampleFrameIndices(121))

    const file = (await call(app, 'app.info', {})).project!.path
    const db = new Database(file, { readonly: true })
    const row = db.prepare('SELECT clip_id, length(times) AS bytes FROM frame_times').all()
    db.close()
    expect(row).toEqual([{ clip_id: ids['2.mp4'], bytes: 121 * 8 }])
    expect(await call(app, 'media.frames', { clipId: ids['2.mp4'] })).toEqual(frames)
  })

  it('refuses frame timing for clips that are not playable', async () => {
    expect((await fail(app, 'media.frames', { clipId: ids['1.mp4'] })).code).toBe('media_error')
    expect((await fail(app, 'media.frames', { clipId: 999 })).code).toBe('not_found')
  })

  it('names the next clip and the next unreviewed one, wrapping and skipping unplayable clips', async () => {
    const [c2, c3] = [ids['2.mp4'], ids['3.mp4']]
    expect(await call(app, 'clips.neighbors', { clipId: c2 })).toEqual({ next: c3, nextUnreviewed: c3 })
    expect(await call(app, 'clips.neighbors', { clipId: c3 })).toEqual({ next: c2, nextUnreviewed: c2 })
    await call(app, 'captions.save', { clipId: c2, caption: emptyCaption(), status: 'approved', annotator: 'a', baseNumber: 0 })
    // 1.mp4 is unreviewed but could not be imported: never offered.
    expect(await call(app, 'clips.neighbors', { clipId: c3 })).toEqual({ next: c2, nextUnreviewed: null })
  })

  it('keeps a flag reason with the revision and refuses a flag without one', async () => {
    const c3 = ids['3.mp4']
    const base = { clipId: c3, caption: emptyCaption(), annotator: 'ann', baseNumber: 0 }
    expect(await fail(app, 'captions.save', { ...base, status: 'flagged' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/needs a reason/)
    })
    expect((await fail(app, 'captions.save', { ...base, status: 'flagged', flagReason: '   ' })).code).toBe('invalid_input')
    const flagged = await call(app, 'captions.save', { ...base, status: 'flagged', flagReason: ' Watermark in the corner ' })
    expect(flagged).toMatchObject({ status: 'flagged', flagReason: 'Watermark in the corner' })
    // A reason sent with another status is not kept.
    const next = await call(app, 'captions.save', { ...base, baseNumber: 1, status: 'approved', flagReason: 'stale' })
    expect(next.flagReason).toBeNull()
    expect((await call(app, 'captions.history', { clipId: c3 })).map((r) => r.flagReason)).toEqual([null, 'Watermark in the corner'])
  })

  it('suggests the TYPES pairs used in pre-labels and revisions, most used first', async () => {
    const before = await call(app, 'captions.typeSuggestions', {})
    expect(before.length).toBeGreaterThan(0)
    expect(before.every((s) => s.type !== '')).toBe(true)
    const caption = { ...emptyCaption(), subjects: [{ ...emptySubject(), TYPES: { type: 'Vehicles', sub_type: 'Rowing boat' }, is_main_subject: true }] }
    const c2 = ids['2.mp4']
    const latest = (await call(app, 'clips.get', { id: c2 })).revision!.number
    await call(app, 'captions.save', { clipId: c2, caption, status: 'approved', annotator: 'a', baseNumber: latest })
    const after = await call(app, 'captions.typeSuggestions', {})
    expect(after).toContainEqual({ type: 'Vehicles', subType: 'Rowing boat', uses: 1 })
  })

  it('serves the 16 model frames as JPEG thumbnails over HTTP, cached on disk, only for registered clips', async () => {
    const url = (clip: number, slot: number, of = project) => new URL(`/media/${of}/${clip}/filmstrip/${slot}.jpg`, host.url).href
    const first = await studioFetch(host, url(ids['3.mp4'], 0))
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await first.arrayBuffer())
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))

    const cached = path.join(dataDir, 'cache/filmstrips')
    const [folder] = fs.readdirSync(cached)
    const indices = sampleFrameIndices(101)
    expect(fs.readdirSync(path.join(cached, folder)).sort()).toEqual(['done', ...[...new Set(indices)].map((n) => `f${n}.jpg`)].sort())

    const etag = first.headers.get('etag')!
    expect((await studioFetch(host, url(ids['3.mp4'], 15), { headers: { 'if-none-match': etag } })).status).toBe(200)
    expect((await studioFetch(host, url(ids['3.mp4'], 0), { headers: { 'if-none-match': etag } })).status).toBe(304)
    const elsewhere = 'ffffffffffffffff'
    const badUrls = [
      url(ids['3.mp4'], 16),
      url(ids['1.mp4'], 0),
      url(4242, 0),
      url(ids['3.mp4'], 0, elsewhere),
      new URL(`/media/${ids['3.mp4']}/filmstrip/0.jpg`, host.url).href,
      new URL(`/media/${project}/1/filmstrip/..%2F0.jpg`, host.url).href
    ]
    for (const bad of badUrls) {
      expect((await studioFetch(host, bad)).status, bad).toBe(404)
    }
  })

  it('extracts a clip once even when every thumbnail is asked for at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, slot) => studioFetch(host, new URL(`/media/${project}/${ids['2.mp4']}/filmstrip/${slot}.jpg`, host.url)))
    )
    expect(replies.map((r) => r.status)).toEqual(Array(16).fill(200))
    expect(fs.readdirSync(path.join(dataDir, 'cache/filmstrips')).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(fs.readdirSync(path.join(dataDir, 'cache/filmstrips'))).toHaveLength(2)
  })

  it('names a thumbnail by what it shows, not where it is cached, and revalidates it without extracting', async () => {
    // The same clips in another project with its own data (and cache) folder.
    const otherDir = tempDir()
    const other = createStudioApp({ dataDir: otherDir, roots: testRoots() })
    const otherHost = await startHttpHost({ app: other })
    try {
      const otherProject = (await call(other, 'project.create', { name: 'same clips elsewhere' })).id
      await call(other, 'clips.import', { kind: 'folder', path: EXAMPLES_DIR })
      const otherIds = Object.fromEntries((await call(other, 'clips.list', {})).rows.map((r) => [r.name, r.id]))
      const etag = (studio: StudioApp, of: string, clipId: number, slot: number) => studio.filmstripFrame(of, clipId, slot)!.etag
      const mine = (clipId: number, slot: number) => etag(app, project, clipId, slot)
      const theirs = (clipId: number, slot: number) => etag(other, otherProject, clipId, slot)
      expect(theirs(otherIds['3.mp4'], 4)).toBe(mine(ids['3.mp4'], 4))
      expect(theirs(otherIds['3.mp4'], 4)).not.toBe(theirs(otherIds['2.mp4'], 4))
      expect(theirs(otherIds['3.mp4'], 4)).not.toBe(theirs(otherIds['3.mp4'], 5))
      // Each app serves its own project only.
      expect(other.filmstripFrame(project, otherIds['3.mp4'], 4)).toBeNull()

      const url = new URL(`/media/${otherProject}/${otherIds['3.mp4']}/filmstrip/4.jpg`, otherHost.url)
      const again = await studioFetch(otherHost, url, { headers: { 'if-none-match': mine(ids['3.mp4'], 4) } })
      expect(again.status).toBe(304)
      expect(fs.existsSync(path.join(otherDir, 'cache/filmstrips'))).toBe(false)
      const fresh = await studioFetch(otherHost, url)
      expect(fresh.status).toBe(200)
      expect(fresh.headers.get('etag')).toBe(theirs(otherIds['3.mp4'], 4))
    } finally {
      await otherHost.close()
      await other.close()
    }
  })
})

describe('the review migration on a project written before it', () => {
  it('fills subject_types from existing pre-labels and revisions, and keeps it current', () => {
    const file = path.join(tempDir(), 'old.sqlite')
    const mine = MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE subject_types'))!
    const older = MIGRATIONS.filter((m) => m.version < mine.version)
    const db = new Database(file)
    migrate(db, older)
    db.prepare("INSERT INTO clips (path, name, imported_at) VALUES ('/x/a.mp4', 'a.mp4', 'now')").run()
    const subject = (type: string, sub: string) => ({ ...emptySubject(), TYPES: { type, sub_type: sub } })
    const caption = JSON.stringify({ ...emptyCaption(), subjects: [subject('Human', 'Woman'), subject('Human', 'Woman'), subject('', '')] })
    db.prepare(
      "INSERT INTO prelabels (clip_id, raw_text, caption_json, problems_json, source_kind, source_json, created_at) VALUES (1, '', ?, '[]', 'imported', '{}', 'now')"
    ).run(caption)
    db.close()

    const store = ProjectStore.open(file)
    try {
      const types = () => store.db.prepare('SELECT type, sub_type, uses FROM subject_types').all()
      expect(types()).toEqual([{ type: 'Human', sub_type: 'Woman', uses: 2 }])
      store.saveRevision({
        clipId: 1,
        caption: { ...emptyCaption(), subjects: [subject('Animal', 'Dog')] },
        status: 'in_progress',
        annotator: 'a',
        baseNumber: 0
      })
      expect(types()).toContainEqual({ type: 'Animal', sub_type: 'Dog', uses: 1 })
      expect(store.revisions.latest(1)?.flagReason).toBeNull()
    } finally {
      store.close()
    }
  })
})
