// The app as a separate process, for the crash-resume test to kill -9 (run with `node --import tsx`).
//
//   start  DATA_DIR CLIPS_DIR MODEL MMPROJ   create a project, import CLIPS_DIR, start a pre-label job
//   resume DATA_DIR PROJECT_FILE             reopen the project; createStudioApp resumes the job itself
//
// Prints one JSON line per job event: {jobId, state, done, failed, pending, llamaPid, project}.
// Exits 0 once the job is done.
import type { JobInfo } from '../../src/shared/jobs'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { call } from './dispatch'
import { testRoots } from './roots'

const [mode, dataDir, ...rest] = process.argv.slice(2)

function print(app: StudioApp, project: string, job: JobInfo): void {
  const llamaPid = app.processes.list().find((p) => /llama-server(\.exe)?$/.test(p.command))?.pid ?? null
  const { done, failed, pending } = job.progress
  process.stdout.write(`${JSON.stringify({ jobId: job.id, state: job.state, done, failed, pending, llamaPid, project })}\n`)
}

async function main(): Promise<void> {
  const projectPath = mode === 'resume' ? rest[0] : undefined
  const app = createStudioApp({ dataDir, projectPath, roots: testRoots() })
  let project = projectPath ?? ''
  let finished: () => void = () => undefined
  const done = new Promise<void>((resolve) => (finished = resolve))
  app.bus.subscribe((event, payload) => {
    if (event !== 'job.progress') return
    const job = payload as JobInfo
    print(app, project, job)
    if (job.state === 'done') finished()
  })

  if (mode === 'start') {
    const [clips, model, mmproj] = rest
    project = (await call(app, 'project.create', { name: 'crash' })).path
    await call(app, 'clips.import', { kind: 'folder', path: clips })
    const engine = { local: { model, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0 }, maxTokens: 64 }
    print(app, project, await call(app, 'prelabel.start', { scope: 'unlabeled', engine }))
  } else {
    const jobs = await call(app, 'jobs.list', {})
    for (const job of jobs) print(app, project, job)
    if (!jobs.some((j) => j.state === 'running')) throw new Error('resume: no running job was picked up')
  }
  await done
  await app.close()
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`prelabel-worker: ${err.stack ?? err.message}\n`)
    process.exit(1)
  }
)
