import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptySubject } from '../../src/shared/caption'
import { createStudioApp } from '../../src/main/app'
import { CLIP_2, MISSING_CLIP_1, REPO_ROOT, RESULT_CSV } from '../helpers/fixtures'
import { call, fail } from '../helpers/dispatch'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

describe('the studio app through dispatch()', () => {
  it('creates a project, imports, lists, edits, and keeps it all across a restart', async () => {
    const dataDir = tempDir()
    const app = createStudioApp({ dataDir, roots: testRoots() })
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }

    const info = await call(app, 'app.info', {})
    expect(info).toMatchObject({ version: pkg.version, project: null, dataDir })
    expect(info.tools.ffprobe).not.toBeNull()
    expect(await fail(app, 'clips.list', {})).toEqual({
      code: 'invalid_input',
      message: 'Invalid input for clips.list: project: every request about project data names its project'
    })
    const notOpen = await fail(app, 'clips.list', { project: '0123456789abcdef' })
    expect(notOpen.code).toBe('no_project')
    expect(notOpen.message).toMatch(/0123456789abcdef\) is not open on this host/)

    const project = await call(app, 'project.create', { name: 'Seed fixtures' })
    expect(project).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'Seed fixtures',
      path: path.join(dataDir, 'projects/seed-fixtures.sqlite'),
      clipCount: 0
    })
    expect((await fail(app, 'clips.list', { project: project.id.toUpperCase() })).code).toBe('invalid_input')
    expect((await fail(app, 'project.create', { name: 'Seed  Fixtures!' })).code).toBe('conflict')

    const report = await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
    expect(report).toMatchObject({ found: 3, added: 3, prelabelsAdded: 3 })

    const list = await call(app, 'clips.list', { sort: 'name', limit: 2 })
    expect(list.total).toBe(3)
    expect(list.rows.map((r) => [r.name, r.shotType, r.prelabelSource])).toEqual([
      ['1.mp4', 'long_shot', 'test_result.csv'],
      ['2.mp4', 'close_up', 'test_result.csv']
    ])
    const [missing, clip2] = list.rows
    expect(await call(app, 'clips.counts', {})).toMatchObject({ unreviewed: 3, approved: 0 })
    expect(app.mediaPath(project.id, clip2.id)).toBe(CLIP_2)
    expect(app.mediaPath(project.id, missing.id)).toBeNull()
    expect(app.mediaPath(project.id, 12345)).toBeNull()
    expect(app.mediaPath('0123456789abcdef', clip2.id)).toBeNull()

    const detail = await call(app, 'clips.get', { id: clip2.id })
    expect(detail.clip).toMatchObject({ path: CLIP_2, frameCount: 121, width: 1920 })
    expect(detail.revision).toBeNull()
    const prelabel = detail.prelabel
    if (!prelabel) throw new Error('2.mp4 should have its imported pre-label')

    const edited = structuredClone(prelabel.caption)
    edited.shot_type = 'medium_shot'
    edited.subjects[0].action = 'Stands still.'
    edited.subjects.push({ ...emptySubject(), appearance: 'A red kite' })
    const saved = await call(app, 'captions.save', { clipId: clip2.id, caption: edited, status: 'approved', annotator: 'ann', baseNumber: 0 })
    expect(saved).toMatchObject({ number: 1, status: 'approved', annotator: 'ann', prelabelId: prelabel.id })

    const stale = await fail(app, 'captions.save', { clipId: clip2.id, caption: edited, status: 'rejected', annotator: 'bo', baseNumber: 0 })
    expect(stale.code).toBe('conflict')
    expect(stale.message).toMatch(/revision 1 was saved by ann/)
    expect(
      (await fail(app, 'captions.save', { clipId: clip2.id, caption: { shot_type: 'zoom' }, status: 'approved', annotator: 'x', baseNumber: 1 })).code
    ).toBe('invalid_input')
    expect((await fail(app, 'clips.get', { id: 999 })).code).toBe('not_found')
    expect((await fail(app, 'no.such.route', {})).code).toBe('unknown_route')

    expect((await call(app, 'clips.list', { status: 'approved' })).rows.map((r) => [r.id, r.shotType])).toEqual([[clip2.id, 'medium_shot']])
    await app.close()

    // Restart from the same data dir: the last project reopens with the edit and the untouched pre-label.
    const again = createStudioApp({ dataDir, roots: testRoots() })
    try {
      expect((await call(again, 'app.info', {})).project).toEqual({ ...project, clipCount: 3 })
      const after = await call(again, 'clips.get', { id: clip2.id })
      expect(after.revision?.caption).toEqual(edited)
      expect(after.prelabel).toEqual(prelabel)
      expect(after.clip.status).toBe('approved')
      expect((await call(again, 'captions.history', { clipId: clip2.id })).map((r) => r.number)).toEqual([1])
      expect((await call(again, 'clips.get', { id: missing.id })).clip.path).toBe(MISSING_CLIP_1)
      expect(await call(again, 'project.list', {})).toEqual([{ ...project, clipCount: 3 }])
    } finally {
      await again.close()
    }
  })

  it('opens projects by path, lists them, and says when a file is not a project', async () => {
    const dataDir = tempDir()
    const app = createStudioApp({ dataDir, roots: testRoots() })
    const a = await call(app, 'project.create', { name: 'Alpha' })
    const b = await call(app, 'project.create', { name: 'Beta' })
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ lastProject: b.path })
    expect((await call(app, 'project.list', {})).map((p) => p.name)).toEqual(['Alpha', 'Beta'])
    expect(b.id).not.toBe(a.id)
    expect(await call(app, 'project.open', { path: a.path })).toEqual(a)
    // Opening one leaves the other open: a page still showing Beta can go on working in it.
    expect(await call(app, 'clips.counts', { project: b.id })).toMatchObject({ unreviewed: 0 })
    // project.open takes files inside the projects folder only
    const projectsDir = path.dirname(a.path)
    expect((await fail(app, 'project.open', { path: path.join(projectsDir, 'nope.sqlite') })).code).toBe('not_found')
    const text = path.join(projectsDir, 'notes.sqlite')
    fs.writeFileSync(text, 'this is not sqlite, just text that is long enough to have a header'.repeat(10))
    const err = await fail(app, 'project.open', { path: text })
    expect(err.code).toBe('invalid_input')
    expect(err.message).toMatch(/^Cannot open .*notes\.sqlite as a project/)
    expect((await call(app, 'app.info', {})).project?.name).toBe('Alpha')
    await app.close()

    // An explicit project at start wins over the remembered one.
    const explicit = createStudioApp({ dataDir, projectPath: b.path, roots: testRoots() })
    expect((await call(explicit, 'app.info', {})).project?.name).toBe('Beta')
    await explicit.close()
  })

  it('kills its child processes on close', async () => {
    const app = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    const child = app.processes.spawn('sleep', ['30'])
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    expect(app.processes.running).toBe(1)
    await app.close()
    expect(await exited).toBe('SIGTERM')
    expect(app.processes.running).toBe(0)
  })
})
