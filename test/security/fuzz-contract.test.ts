// Threat model: an attacker holding the host's token sends any input to any route. Inputs come
// from each route's own zod schema, valid and mutated, and go to the real router over the real
// HTTP host. Per input: no 5xx or 'internal', no hang, no file content or secret in the answer;
// per route: the host still answers, nothing outside the temp root was read or written.
// SKYCAP_FUZZ_RUNS raises the inputs per route, SKYCAP_FUZZ_SEED replays a run.
import fs from 'node:fs'
import type { Server } from 'node:http'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { contract, isProjectRoute, type Route } from '../../src/shared/contract'
import type { JobInfo } from '../../src/shared/jobs'
import { inputArb, schemaOf, toJsonText } from './fuzz-arbitraries'
import {
  buildWorld,
  canaryListener,
  closedPort,
  confine,
  diffSnapshots,
  fenceNetwork,
  makeCanary,
  rearmReads,
  snapshotOutside,
  tmpEntries,
  type World
} from './fuzz-world'

const RUNS = Number(process.env.SKYCAP_FUZZ_RUNS ?? 40)
const SEED = Number(process.env.SKYCAP_FUZZ_SEED ?? Date.now() % 2 ** 31)
const REQUEST_TIMEOUT_MS = 15_000
/** How long the jobs a route started may run before they are cancelled, and then how long they may take to stop. */
const JOB_RUN_MS = 10_000
const JOB_STOP_MS = 20_000
/** Jobs may take JOB_RUN_MS + JOB_STOP_MS after the inputs; a slow input is caught by REQUEST_TIMEOUT_MS. */
const ROUTE_TIMEOUT_MS = 60_000 + RUNS * 2_000
const TOKEN = 'fuzz-token-0123456789abcdef0123456789abcdef'
const ROUTES = Object.keys(contract) as Route[]

interface Answer {
  status: number
  text: string
}

let world: World
let app: StudioApp
let host: HttpHost
let listener: Server
let fence: ReturnType<typeof fenceNetwork>
let project: string
let before: Map<string, string>
let tmpBefore: Set<string>
const savedEnv: Record<string, string | undefined> = {}
const savedCwd = process.cwd()
/** Every string sent, so a new entry of the OS temp folder named like one is ours. */
const sent = new Set<string>(['skycaptioner'])
let listenerHits = 0
const leaksSeen = new Set<string>()
const tried = new Map<Route, { valid: number; invalid: number; accepted: number }>()

async function post(route: string, body: string): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-studio-token': TOKEN },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  })
  return { status: res.status, text: await res.text() }
}

async function ok<T>(route: Route, input: object): Promise<T> {
  const answer = await post(route, JSON.stringify(isProjectRoute(route) ? { project, ...input } : input))
  const result = JSON.parse(answer.text)
  if (!result.ok) throw new Error(`${route} failed in setup: ${answer.text}`)
  return result.data as T
}

function setEnv(name: string, value: string): void {
  savedEnv[name] = process.env[name]
  process.env[name] = value
}

function remember(value: unknown): void {
  if (typeof value === 'string') value.split(/[/\\]/).forEach((part) => sent.add(part))
  else if (Array.isArray(value)) value.forEach(remember)
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => [k, v].forEach(remember))
}

/** The project beside a project route's input: mostly the open one, sometimes missing or wrong. */
const projectArb = () =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant<unknown>('open') },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, '0123456789abcdef', '../../x', 7, null) }
  )

/** Problems with one answer; empty when it is a fine answer (an error answer included). */
function judge(answer: Answer): string[] {
  const problems: string[] = []
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`)
  let parsed: { ok?: unknown; error?: { code?: string } } | null = null
  try {
    parsed = JSON.parse(answer.text)
  } catch {
    problems.push('answer is not JSON')
  }
  if (parsed && typeof parsed.ok !== 'boolean') problems.push('answer is not an ApiResult')
  if (parsed?.error?.code === 'internal') problems.push("error code 'internal'")
  for (const secret of [...world.canaries, TOKEN]) {
    const at = answer.text.indexOf(secret)
    if (at < 0) continue
    // a leak once stored (a job's error) is in every later answer that lists it: report it once
    const where = answer.text.slice(Math.max(0, at - 80), at)
    if (!leaksSeen.has(where)) problems.push('answer echoes a file content or secret')
    leaksSeen.add(where)
  }
  return problems
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const running = (job: JobInfo) => job.state === 'running' || job.state === 'queued'
const unfinished = (job: JobInfo) => running(job) || job.state === 'paused'

/**
 * Lets the jobs the fuzz started run out (against closed ports, the fence and the stand-in),
 * cancels what is left, and waits for it to stop: a job's effects show at the route that
 * started it, and every job error it reports is judged like an answer.
 */
async function settleJobs(): Promise<string[]> {
  const problems: string[] = []
  const waitUntil = async (done: (job: JobInfo) => boolean, ms: number): Promise<JobInfo[]> => {
    for (let waited = 0; ; waited += 200) {
      const answer = await post('jobs.list', JSON.stringify({ project }))
      problems.push(...judge(answer).map((p) => `jobs.list ${p}: ${answer.text.slice(0, 400)}`))
      const left = ((JSON.parse(answer.text).data ?? []) as JobInfo[]).filter((job) => !done(job))
      if (left.length === 0 || waited >= ms) return left
      await sleep(200)
    }
  }
  for (const job of await waitUntil((job) => !running(job), JOB_RUN_MS)) await ok('jobs.cancel', { id: job.id })
  for (const job of await waitUntil((job) => !unfinished(job), JOB_STOP_MS))
    problems.push(`job ${job.id} (${job.kind}) still ${job.state} ${JOB_STOP_MS} ms after jobs.cancel`)
  return [...new Set(problems)]
}

describe('contract fuzz: every route, valid and hostile inputs, over the real HTTP host', () => {
  beforeAll(async () => {
    const canary = makeCanary()
    listener = await canaryListener(canary)
    listener.on('request', () => listenerHits++)
    const ports = { closed: await closedPort(), listener: (listener.address() as { port: number }).port }
    world = buildWorld(canary, ports, await ensureTinyModels())
    // scratch files of the host go inside the temp root; the hub is a local stand-in; no llama-server
    setEnv('TMPDIR', path.join(world.root, 'tmp'))
    setEnv('HF_ENDPOINT', `http://127.0.0.1:${ports.listener}`)
    setEnv('LLAMA_SERVER_PATH', path.join(world.root, 'no-llama-server'))
    // relative paths resolve against the cwd: keep them inside the outer folder
    const cwd = path.join(world.outer, 'cwd/a/b/c')
    fs.mkdirSync(cwd, { recursive: true })
    process.chdir(cwd)
    fence = fenceNetwork()
    tmpBefore = tmpEntries()

    app = createStudioApp({ dataDir: world.dataDir, roots: world.roots })
    host = await startHttpHost({ app, token: TOKEN })
    const created = await ok<{ id: string; path: string }>('project.create', { name: 'fuzz' })
    project = created.id
    world.targets.paths.push(created.path)
    await ok('clips.import', { kind: 'folder', path: path.join(world.roots.media[0], 'clips') })
    before = snapshotOutside(world)
    console.log(`contract fuzz: seed ${SEED} (replay with SKYCAP_FUZZ_SEED=${SEED}), ${RUNS} inputs per route`)
  }, 180_000) // the tiny models are generated on a fresh machine

  afterAll(async () => {
    if (host) await settleJobs().catch(() => undefined)
    await host?.close()
    await app?.close()
    fence?.restore()
    process.chdir(savedCwd)
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await new Promise((resolve) => listener?.close(resolve))
    const total = [...tried.values()].reduce((n, t) => n + t.valid + t.invalid, 0)
    console.log(
      [...tried]
        .map(([route, t]) => `  ${route}: ${t.valid + t.invalid} inputs (${t.valid} from the schema, ${t.invalid} mutated), ${t.accepted} accepted`)
        .join('\n') +
        `\ncontract fuzz: ${total} inputs over ${tried.size} routes; seed ${SEED}; requests to the local endpoint and hub stand-in: ${listenerHits}; connections off this machine refused by the fence: ${fence?.refused.length ?? 0}`
    )
  })

  for (const route of ROUTES) {
    it(
      `${route}: no 5xx, hang or leak; the host stays up and nothing outside the temp root is touched`,
      async () => {
        const problems: string[] = []
        const counts = { valid: 0, invalid: 0, accepted: 0 }
        tried.set(route, counts)
        const projectRoute = isProjectRoute(route)
        const arb = fc.tuple(inputArb(schemaOf(contract[route].input), world.targets), projectArb())
        await fc.assert(
          fc.asyncProperty(arb, async ([{ valid, input }, which]) => {
            counts[valid ? 'valid' : 'invalid']++
            const withProject =
              projectRoute && input && typeof input === 'object' && !Array.isArray(input) ? { ...input, project: which === 'open' ? project : which } : input
            const outgoing = confine(withProject, world)
            remember(outgoing)
            const body = toJsonText(outgoing)
            const answer = await post(route, body).catch((err: Error) => ({ status: 0, text: `no answer: ${err.name}: ${err.message}` }))
            if (answer.status === 200) counts.accepted++
            const found = answer.status === 0 ? [answer.text] : judge(answer)
            if (found.length)
              problems.push(`${route} ${found.join(', ')}\n    input: ${body.slice(0, 400)}\n    answer: ${answer.status} ${answer.text.slice(0, 400)}`)
          }),
          { numRuns: RUNS, seed: SEED + ROUTES.indexOf(route) }
        )
        problems.push(...(await settleJobs()).map((p) => `${route}: ${p}`))
        const health = await post('app.info', '{}').catch((err: Error) => ({ status: 0, text: err.message }))
        if (health.status !== 200) problems.push(`${route}: the host no longer answers app.info (${health.status} ${health.text.slice(0, 200)})`)
        const now = snapshotOutside(world)
        problems.push(...diffSnapshots(before, now).map((c) => `${route}: outside the temp root: ${c}`))
        // each change is reported once, at the route that made it
        rearmReads(world)
        before = snapshotOutside(world)
        const newTmp = [...tmpEntries()].filter((name) => !tmpBefore.has(name) && sent.has(name))
        problems.push(...newTmp.map((name) => `${route}: created ${name} in the OS temp folder`))
        newTmp.forEach((name) => tmpBefore.add(name))
        expect(problems, `seed ${SEED}`).toEqual([])
      },
      ROUTE_TIMEOUT_MS
    )
  }
})
