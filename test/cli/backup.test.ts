// `skycap backup`: the CLI's copy, and a disk that fills up mid-copy (a real file-size limit,
// `ulimit -f`, so the write fails with EFBIG) leaving no partial file behind.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/main/store/project'
import { skycap } from '../helpers/cli'
import { REPO_ROOT } from '../helpers/fixtures'
import { fileInfo } from '../helpers/library'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-cli-backup-')
const info = fileInfo({ width: 1920, height: 1080 })
const CLIPS = 3000

/** skycap under a file-size limit of `kb` KiB for everything it writes. */
function skycapLimited(kb: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const script = 'ulimit -f "$1" && shift && exec "$@"'
  const child = spawn('bash', ['-c', script, 'limit', String(kb), process.execPath, '--import', 'tsx', 'src/cli/index.ts', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })))
}

let project: string

beforeAll(() => {
  project = path.join(newDir('project'), 'night-shoot.sqlite')
  const store = ProjectStore.create(project, 'Night shoot')
  store.recordClips(Array.from({ length: CLIPS }, (_, i) => ({ path: `/videos/${i}-${'n'.repeat(300)}.mp4`, info, extra: {}, prelabels: [] })))
  store.close()
}, 60_000)

describe('skycap backup', () => {
  it('writes a verified copy named by project and time into --out', async () => {
    const out = path.join(newDir('out'), 'backups')
    const run = await skycap(['backup', project, '--out', out])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const [name, ...more] = fs.readdirSync(out)
    expect(more).toEqual([])
    expect(name).toMatch(/^night-shoot-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/)
    expect(run.stdout).toContain(`to ${path.join(out, name)}`)
    expect(ProjectStore.peek(path.join(out, name))).toMatchObject({ name: 'Night shoot', clipCount: CLIPS })
  })

  it('says the disk is full and leaves nothing when the copy cannot be written whole (EFBIG)', async () => {
    const out = newDir('full')
    const size = fs.statSync(project).size
    expect(size).toBeGreaterThan(512 * 1024)
    const run = await skycapLimited(Math.floor(size / 1024 / 2), ['backup', project, '--out', out])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/the disk holding it is full, the file is over a size limit/)
    expect(run.stderr).toContain('nothing was left there')
    expect(fs.readdirSync(out)).toEqual([])
  }, 30_000)

  it('refuses a file that is not there, and a missing project argument, with the usage', async () => {
    const missing = await skycap(['backup', path.join(newDir('none'), 'gone.sqlite')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No project file at')
    const none = await skycap(['backup'])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('skycap backup PROJECT.sqlite [--out DIR]')
  })
})
