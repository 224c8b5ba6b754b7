// Pieces of the job-runner tests: gates a test opens, waiting by event-loop turns (not time), and
// "echo" jobs over new clips in a real project file, closed after each test.
import { afterEach } from 'vitest'
import { ProjectStore } from '../../src/main/store/project'
import { addClip, newStore } from './library'

export interface Gate {
  promise: Promise<void>
  open: () => void
}

export function gate(): Gate {
  let open = () => undefined as void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

export const turn = () => new Promise((r) => setImmediate(r))

/** Lets pending callbacks run until `ready()` holds; counts event-loop turns, not time. */
export async function settle(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (ready()) return
    await turn()
  }
  throw new Error(`never got there: ${what}`)
}

/** Event-loop turns in which a wrong extra step would have happened. */
export async function idle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await turn()
}

/** A job of kind "echo" over `count` new clips. */
export function echoJob(store: ProjectStore, count: number): { jobId: number; clipIds: number[] } {
  const clipIds = Array.from({ length: count }, (_, i) => addClip(store, `clip-${i}.mp4`))
  const job = store.jobs.create('echo', {}, '2025-01-01T00:00:00Z')
  store.jobItems.add(job.id, clipIds)
  return { jobId: job.id, clipIds }
}

const open: ProjectStore[] = []
afterEach(() => open.splice(0).forEach((s) => s.close()))

/** A new project file, closed after the test. */
export function project(): ProjectStore {
  const store = newStore()
  open.push(store)
  return store
}

/** The same project file opened again, as the app opens it after a restart; closed after the test. */
export function reopen(store: ProjectStore): ProjectStore {
  const again = ProjectStore.open(store.file)
  open.push(again)
  return again
}
