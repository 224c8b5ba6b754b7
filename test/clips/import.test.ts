import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { EventName, Events, ImportSource } from '../../src/shared/contract'
import { ApiError } from '../../src/shared/errors'
import { EventBus } from '../../src/main/events'
import { resolveTools } from '../../src/main/media/tools'
import { ProcessManager } from '../../src/main/processes'
import { importClips } from '../../src/main/clips/importer'
import { ProjectStore } from '../../src/main/store/project'
import { CLIP_2, CLIP_3, EXAMPLES_DIR, MISSING_CLIP_1, RESULT_CSV, SEED_DIR, TEST_CSV } from '../helpers/fixtures'
import { makeBadFiles } from '../helpers/media'
import { tempDir } from '../helpers/temp'
import { testRootsIn } from '../helpers/roots'

const FFPROBE = resolveTools().ffprobe

/** Counts ffprobe runs so tests can tell a re-probe from a skip. */
class CountingProcesses extends ProcessManager {
  runs = 0
  override run(...args: Parameters<ProcessManager['run']>) {
    this.runs++
    return super.run(...args)
  }
}

function setup() {
  const store = ProjectStore.create(path.join(tempDir(), 'import.sqlite'), 'import test')
  const bus = new EventBus()
  const events: { name: EventName; payload: Events[EventName] }[] = []
  bus.subscribe((name, payload) => events.push({ name, payload }))
  const processes = new CountingProcesses()
  const run = (source: ImportSource) => importClips(source, { store, bus, processes, roots: testRootsIn(tempDir()), ffprobe: FFPROBE })
  const clip = (file: string) => store.clips.byPath(file)
  return { store, events, processes, run, clip }
}

async function importError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected the import to fail')
}

describe('import of the seed fixtures', () => {
  it('imports skycaptioner_v1 as a folder: two probed clips, progress events', async () => {
    const { run, clip, events, store } = setup()
    const report = await run({ kind: 'folder', path: SEED_DIR })
    expect(report).toEqual({ found: 2, added: 2, alreadyPresent: 0, prelabelsAdded: 0, failed: [], warnings: [] })
    expect(clip(CLIP_2)).toMatchObject({ width: 1920, height: 1080, frameCount: 121, fps: 29, codec: 'h264', importError: null })
    expect(clip(CLIP_3)).toMatchObject({ frameCount: 101, fps: 25, size: 1661366 })
    expect(events.map((e) => e.name)).toEqual(['import.progress', 'import.progress', 'clips.changed'])
    expect(events[1].payload).toEqual({ project: store.id, done: 2, total: 2, path: CLIP_3 })
    expect(events[2].payload).toEqual({ project: store.id, ids: 'all' })
  })

  it("imports examples/test.csv, resolving paths against the CSV's parent's parent", async () => {
    const { run, clip } = setup()
    const report = await run({ kind: 'csv', path: TEST_CSV })
    expect(report).toMatchObject({ found: 2, added: 2, prelabelsAdded: 0, failed: [] })
    expect(report.warnings).toEqual([
      `2 relative path(s) in test.csv were resolved against ${SEED_DIR} (the CSV's parent's parent folder, as in the SkyCaptioner-V1 seed), not against the CSV's own folder`
    ])
    expect(clip(CLIP_2)?.frameCount).toBe(121)
    expect(clip(CLIP_3)?.frameCount).toBe(101)
  })

  it('imports examples/test_result.csv: pre-labels for all three rows, the missing 1.mp4 recorded with its error', async () => {
    const { run, clip, store } = setup()
    const report = await run({ kind: 'csv', path: RESULT_CSV })
    expect(report).toMatchObject({ found: 3, added: 3, alreadyPresent: 0, prelabelsAdded: 3 })
    expect(report.failed).toEqual([
      {
        path: MISSING_CLIP_1,
        error: `File not found: ${MISSING_CLIP_1} (test_result.csv line 2; also looked in ${path.join(EXAMPLES_DIR, 'examples/data/1.mp4')})`
      }
    ])

    const rows = parse(fs.readFileSync(RESULT_CSV, 'utf8'), { columns: true }) as Record<string, string>[]
    const rawByName = new Map(rows.map((r) => [path.basename(r.path), r.structural_caption]))
    for (const file of [MISSING_CLIP_1, CLIP_2, CLIP_3]) {
      const stored = clip(file)
      if (!stored) throw new Error(`${file} was not recorded`)
      const prelabels = store.prelabels.forClip(stored.id)
      expect(prelabels).toHaveLength(1)
      expect(prelabels[0].rawText).toBe(rawByName.get(path.basename(file)))
      expect(prelabels[0].problems).toEqual([])
      expect(prelabels[0].source).toEqual({ kind: 'imported', label: 'test_result.csv', details: { csv: RESULT_CSV } })
    }
    expect(clip(MISSING_CLIP_1)).toMatchObject({ importError: expect.stringMatching(/^File not found/), width: null })
    expect(store.prelabels.latest(clip(CLIP_2)!.id)?.caption.subjects.length).toBeGreaterThan(0)
  })

  it('adds no duplicate clips or pre-labels when the same files are imported again', async () => {
    const { run, store, processes } = setup()
    await run({ kind: 'csv', path: RESULT_CSV })
    const probesAfterFirst = processes.runs
    const again = await run({ kind: 'csv', path: RESULT_CSV })
    expect(again).toMatchObject({ found: 3, added: 0, alreadyPresent: 3, prelabelsAdded: 0 })
    expect(again.failed.map((f) => f.path)).toEqual([MISSING_CLIP_1])
    const folder = await run({ kind: 'folder', path: SEED_DIR })
    expect(folder).toMatchObject({ found: 2, added: 0, alreadyPresent: 2 })
    // Unchanged files are not probed again.
    expect(processes.runs).toBe(probesAfterFirst)
    expect(store.clips.count()).toBe(3)
    expect(store.db.prepare('SELECT count(*) AS n FROM prelabels').get()).toEqual({ n: 3 })
  })

  it('re-probes a file whose size or mtime changed', async () => {
    const { run, clip } = setup()
    const dir = tempDir()
    const file = path.join(dir, 'clip.mp4')
    fs.copyFileSync(CLIP_2, file)
    await run({ kind: 'folder', path: dir })
    expect(clip(file)?.frameCount).toBe(121)
    fs.copyFileSync(CLIP_3, file)
    const report = await run({ kind: 'folder', path: dir })
    expect(report).toMatchObject({ added: 0, alreadyPresent: 1 })
    expect(clip(file)).toMatchObject({ frameCount: 101, size: 1661366 })
  })
})

describe('bad input', () => {
  it('records missing, empty, corrupt and audio-only files with their errors and goes on', async () => {
    const { run, clip } = setup()
    const dir = tempDir()
    const bad = makeBadFiles(dir)
    fs.mkdirSync(path.join(dir, 'nested/deeper'), { recursive: true })
    fs.copyFileSync(CLIP_3, path.join(dir, 'nested/deeper/good.MP4'))
    fs.mkdirSync(path.join(dir, '.cache'))
    fs.copyFileSync(CLIP_2, path.join(dir, '.cache/hidden.mp4'))
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'not a video')

    const report = await run({ kind: 'folder', path: dir })
    expect(report.found).toBe(5)
    expect(report.added).toBe(5)
    expect(Object.fromEntries(report.failed.map((f) => [path.basename(f.path), f.error]))).toEqual({
      'zero.mp4': `Empty file (0 bytes): ${bad.zeroLength}`,
      'random.mp4': expect.stringMatching(/^random\.mp4 is not a readable media file/),
      'notes.mp4': expect.stringMatching(/^notes\.mp4 is not a readable media file/),
      'audio-only.mp4': 'audio-only.mp4 has no video stream: it has only audio streams'
    })
    expect(clip(path.join(dir, 'nested/deeper/good.MP4'))).toMatchObject({ frameCount: 101, importError: null })
    expect(clip(path.join(dir, '.cache/hidden.mp4'))).toBeNull()
  })

  it('rejects malformed CSV naming the line, a CSV without a path column, and a missing CSV', async () => {
    const { run, store } = setup()
    const dir = tempDir()
    const broken = path.join(dir, 'broken.csv')
    fs.writeFileSync(broken, 'path,structural_caption\n./a.mp4,"{}"\n./b.mp4,"{"unclosed\n')
    const malformed = await importError(run({ kind: 'csv', path: broken }))
    expect(malformed.code).toBe('invalid_input')
    expect(malformed.message).toBe('Malformed CSV broken.csv, line 3: text right after a closing quote')

    const noPath = path.join(dir, 'nopath.csv')
    fs.writeFileSync(noPath, 'file,caption\na.mp4,x\n')
    const missingColumn = await importError(run({ kind: 'csv', path: noPath }))
    expect(missingColumn.code).toBe('invalid_input')
    expect(missingColumn.message).toBe('nopath.csv has no "path" column (it has 2 columns)')

    expect((await importError(run({ kind: 'csv', path: path.join(dir, 'nope.csv') }))).code).toBe('not_found')
    expect((await importError(run({ kind: 'folder', path: path.join(dir, 'nope') }))).code).toBe('not_found')
    expect(store.clips.count()).toBe(0)
  })

  it('keeps extra columns, takes Path in any case, own-folder and absolute paths, warns on empty paths', async () => {
    const { run, clip } = setup()
    const dir = tempDir()
    fs.copyFileSync(CLIP_2, path.join(dir, 'local.mp4'))
    const csv = path.join(dir, 'list.csv')
    fs.writeFileSync(csv, `\ufeffPath,split,Structural_Caption\nlocal.mp4,train,\n${CLIP_3},val,not json at all\n,test,\n`)
    const report = await run({ kind: 'csv', path: csv })
    expect(report).toMatchObject({ found: 2, added: 2, prelabelsAdded: 1, failed: [] })
    expect(report.warnings).toEqual(['list.csv line 4: empty path, row skipped'])
    expect(clip(path.join(dir, 'local.mp4'))?.extra).toEqual({ split: 'train' })
    expect(clip(CLIP_3)?.extra).toEqual({ split: 'val' })
  })

  it('imports one video file (a file dropped on the Library); refuses a file that is not a video, naming only the file', async () => {
    const { run, clip } = setup()
    expect(await run({ kind: 'file', path: CLIP_2 })).toEqual({ found: 1, added: 1, alreadyPresent: 0, prelabelsAdded: 0, failed: [], warnings: [] })
    expect(clip(CLIP_2)).toMatchObject({ frameCount: 121, importError: null })
    const notes = path.join(tempDir(), 'notes.txt')
    fs.writeFileSync(notes, 'private words')
    const err = await importError(run({ kind: 'file', path: notes }))
    expect([err.code, err.message]).toEqual(['invalid_input', 'Not a video file: notes.txt'])
    expect((await importError(run({ kind: 'file', path: path.join(path.dirname(notes), 'gone.mp4') }))).code).toBe('not_found')
  })

  it('refuses to import without ffprobe, saying how to get it', async () => {
    const { store } = setup()
    const err = await importError(
      importClips(
        { kind: 'folder', path: SEED_DIR },
        {
          store,
          bus: new EventBus(),
          processes: new ProcessManager(),
          roots: testRootsIn(tempDir()),
          ffprobe: null,
          ffprobeProblem: 'ffprobe was not found. Install ffmpeg'
        }
      )
    )
    expect(err.code).toBe('ffmpeg_missing')
    expect(err.message).toMatch(/Install ffmpeg/)
  })

  it.skipIf(process.getuid?.() === 0)('warns about folders it cannot read', async () => {
    const { run } = setup()
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'locked'))
    fs.chmodSync(path.join(dir, 'locked'), 0)
    const report = await run({ kind: 'folder', path: dir })
    fs.chmodSync(path.join(dir, 'locked'), 0o755)
    expect(report.warnings).toEqual([`Could not read folder ${path.join(dir, 'locked')}: EACCES`])
  })
})
