// The app as a separate process, for the shoot-out crash test to kill -9 (run with `node --import tsx`).
//
//   start  DATA_DIR CLIPS_DIR F16 Q4_0 MMPROJ   create a project, import CLIPS_DIR, pre-label its first two
//                                              clips with F16, then start a shoot-out of F16 and Q4_0 on all
//   resume DATA_DIR PROJECT_FILE               reopen the project; createStudioApp resumes the shoot-out
//
// Prints one JSON line per shoot-out event: {jobId, state, done, pending, project}. Exits 0 once it is done.
import type { JobInfo } from '../../src/shared/jobs'
import { createStudioApp } from '../../src/main/app'
import { call, waitForJob } from '../helpers/dispatch'
import { testRoots } from '../helpers/roots'

const [mode, dataDir, ...rest] = process.argv.slice(2)
const local = (model: string, mmproj: string) => ({ local: { model, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0 }, maxTokens: 48 })

async function main(): Promise<void> {
  const projectPath = mode === 'resume' ? rest[0] : undefined
  const app = createStudioApp({ dataDir, projectPath, roots: testRoots() })
  let project = projectPath ?? ''
  let finished: () => void = () => undefined
  const done = new Promise<void>((resolve) => (finished = resolve))
  const print = (job: JobInfo) => {
    if (job.kind !== 'shootout') return
    process.stdout.write(`${JSON.stringify({ jobId: job.id, state: job.state, done: job.progress.done, pending: job.progress.pending, project })}\n`)
    if (job.state === 'done') finished()
  }
  app.bus.subscribe((event, payload) => event === 'job.progress' && print(payload as JobInfo))

  if (mode === 'start') {
    const [clips, f16, q4, mmproj] = rest
    project = (await call(app, 'project.create', { name: 'shoot-out crash' })).path
    await call(app, 'clips.import', { kind: 'folder', path: clips })
    const ids = (await call(app, 'clips.list', { limit: 100, sort: 'name' })).rows.map((r) => r.id)
    const prelabel = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids.slice(0, 2), engine: local(f16, mmproj) })
    const ended = await waitForJob(app, prelabel.id)
    if (ended.state !== 'done') throw new Error(`the pre-label job ended ${ended.state}: ${ended.error}`)
    const quants = [
      { label: 'F16', engine: local(f16, mmproj) },
      { label: 'Q4_0', engine: local(q4, mmproj) }
    ]
    print(await call(app, 'shootout.start', { quants, sample: { kind: 'clips', clipIds: ids } }))
  } else {
    const jobs = await call(app, 'jobs.list', {})
    for (const job of jobs) print(job)
    if (!jobs.some((j) => j.kind === 'shootout' && j.state === 'running')) throw new Error('resume: no running shoot-out was picked up')
  }
  await done
  await app.close()
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`shootout-worker: ${err.stack ?? err.message}\n`)
    process.exit(1)
  }
)
