// npm run bench:team [-- --annotators 50 --seconds 20 --clips 20000 --order filter]
// N simulated annotators as HTTP clients on loopback against the real host process (serve.ts as a child):
// each signs in once (timed apart), then loops next → read the clip → two saves → approve until time is up. Prints latencies, throughput,
// clips seen held twice, acknowledged saves missing from the file and the host's peak memory, beside their targets.
// --order filter makes the queue a Library filter with its own sort (close-ups, by name, descending) in place of import order.
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Lease } from '../src/shared/api/queue'
import type { ClipDetail } from '../src/shared/contract'
import { openReadOnly } from '../src/main/store/db'
import { operator } from '../test/helpers/team'
import { startTeamSession } from '../test/helpers/teamHost'
import { removeTempDirs } from '../test/helpers/temp'
import { leanClient } from './leanClient'
import { percentile } from './pageTimings'

const { values } = parseArgs({
  options: {
    annotators: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    clips: { type: 'string', default: '20000' },
    order: { type: 'string', default: 'import' }
  }
})
const FILTER_ORDER = { kind: 'filter', filter: { shotType: 'close_up' }, sort: 'name', desc: true } as const
if (values.order !== 'import' && values.order !== 'filter') throw new Error(`--order is import or filter, not ${values.order}`)
const annotators = Number(values.annotators)
const seconds = Number(values.seconds)

async function timed<T>(into: number[], run: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const result = await run()
  into.push(performance.now() - start)
  return result
}

/** The host process's CPU time so far (user + system), in ms: a figure that other load on the machine disturbs less than latency. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 10 ms
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function main(): Promise<void> {
  const orderText = values.order === 'filter' ? 'queue order: close-ups by name, descending' : 'queue order: import order'
  console.log(`bench:team: ${annotators} annotators for ${seconds} s on ${values.clips} clips, ${orderText} (setting up people…)`)
  const { session, child } = await startTeamSession(Number(values.clips), annotators)
  const { host } = child
  const { project } = session
  const client = leanClient(host.port, annotators)
  const ask = <T>(token: string, route: string, input: object) => client.ask<T>(token, route, input)
  if (values.order === 'filter') await operator(host, 'queue.saveSettings', { project, leaseSeconds: 900, order: FILTER_ORDER })
  // each person signs in once, as a team does at the start of a day: its scrypt check is timed on its own, not as their first N
  const signInMs: number[] = []
  await Promise.all(session.annotators.map(({ token }) => timed(signInMs, () => ask(token, 'queue.settings', { project }))))
  const nextMs: number[] = []
  const saveMs: number[] = []
  const acks: { clipId: number; number: number }[] = []
  const holding = new Map<number, number>()
  let heldTwice = 0
  const end = Date.now() + seconds * 1000
  const started = performance.now()
  const cpuBefore = cpuMs(child.served.pid)
  const clientCpuBefore = process.cpuUsage()

  await Promise.all(
    session.annotators.map(async ({ token, personId, name }) => {
      while (Date.now() < end) {
        const lease = await timed(nextMs, () => ask<Lease | null>(token, 'queue.next', { project, after: holding.get(personId) }))
        if (!lease) break
        // another client holding this clip right now would be a clip held twice
        for (const [other, clipId] of holding) if (other !== personId && clipId === lease.clipId) heldTwice++
        holding.set(personId, lease.clipId)
        const detail = await ask<ClipDetail>(token, 'clips.get', { project, id: lease.clipId })
        let number = detail.revision?.number ?? 0
        for (const status of ['in_progress', 'in_progress', 'approved'] as const) {
          const caption = { ...detail.revision!.caption, environment: `${name}: ${status} after ${number}` }
          const saved = await timed(saveMs, () =>
            ask<{ number: number }>(token, 'captions.save', { project, clipId: lease.clipId, caption, status, annotator: name, baseNumber: number })
          )
          number = saved.number
          acks.push({ clipId: lease.clipId, number })
        }
      }
    })
  )
  const elapsed = (performance.now() - started) / 1000
  const hostCpu = cpuMs(child.served.pid) - cpuBefore
  const clientCpu = process.cpuUsage(clientCpuBefore)
  const peakKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${child.served.pid}/status`, 'utf8'))?.[1] ?? NaN)
  client.close()
  await child.served.stop()

  const db = openReadOnly(session.file)
  const count = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM revisions WHERE clip_id = ? AND number = ?')
  const missing = acks.filter((a) => count.get(a.clipId, a.number)!.n !== 1).length
  const doubled = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM (SELECT clip_id FROM leases GROUP BY clip_id HAVING count(*) > 1)').get()!.n
  db.close()
  removeTempDirs()

  const ms = (xs: number[], p: number) => `${percentile(xs, p).toFixed(1)} ms`
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')
  const row = (figure: string, value: string, target = '') => console.log(`${figure.padEnd(40)} ${value.padEnd(14)} ${target}`)
  row('sign-in p50 / p95 (once per person)', `${ms(signInMs, 50)} / ${ms(signInMs, 95)}`, `(${annotators} at once; scrypt, at most two at a time)`)
  row('next p50 / p95', `${ms(nextMs, 50)} / ${ms(nextMs, 95)}`, `target p95 ≤ 100 ms  ${verdict(percentile(nextMs, 95) <= 100)}`)
  row(`save p50 / p95 (${annotators} annotators)`, `${ms(saveMs, 50)} / ${ms(saveMs, 95)}`, `target p95 ≤ 50 ms  ${verdict(percentile(saveMs, 95) <= 50)}`)
  row('saves per second', (acks.length / elapsed).toFixed(1), `(${acks.length} saves, ${nextMs.length} nexts in ${elapsed.toFixed(1)} s)`)
  row('clips held twice', String(heldTwice + doubled), `target 0  ${verdict(heldTwice + doubled === 0)}`)
  row('acknowledged saves missing from the file', String(missing), `target 0  ${verdict(missing === 0)}`)
  row(
    'host CPU per loop (next, read, 3 saves)',
    `${(hostCpu / nextMs.length).toFixed(2)} ms`,
    `(${(hostCpu / 1000).toFixed(1)} s of CPU; load average ${os.loadavg()[0].toFixed(1)})`
  )
  row(
    'CPU use, host / these clients',
    `${(hostCpu / elapsed / 10).toFixed(0)}% / ${((clientCpu.user + clientCpu.system) / elapsed / 1e4).toFixed(0)}%`,
    '(of one core each; the machine has ' + os.cpus().length + ')'
  )
  row('host peak memory (VmHWM)', `${(peakKb / 1024).toFixed(0)} MiB`)
  console.log(
    `\nCPU: ${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}; ${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:.*$/m)?.[0] ?? 'flags: unknown'}`
  )
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
