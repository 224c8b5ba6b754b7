// npm run bench:queue-order [-- --clips 100000 --people 50 --presses 1000]
// The work queue's N on the store alone (no HTTP, so other load on the host does not blur it): `people`
// people take turns pressing N and approving the clip they got, once per queue order below, on one
// project of `clips` in-progress clips. Prints N's p50/p95 per order beside the 100 ms target.
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { QueueOrder } from '../src/shared/api/queue'
import { ProjectStore } from '../src/main/store/project'
import { fillProject, realCaptions } from '../test/helpers/bulkProject'
import { removeTempDirs, tempDir } from '../test/helpers/temp'
import { percentile } from './pageTimings'

const { values } = parseArgs({
  options: { clips: { type: 'string', default: '100000' }, people: { type: 'string', default: '50' }, presses: { type: 'string', default: '1000' } }
})

const ORDERS: [string, QueueOrder][] = [
  ['import order', { kind: 'import' }],
  ['close-ups by name, descending', { kind: 'filter', filter: { shotType: 'close_up' }, sort: 'name', desc: true }],
  ['in progress, least confident first', { kind: 'filter', filter: { status: 'in_progress' }, sort: 'confidence', desc: false }],
  ['one of 6 shot types, by duration', { kind: 'filter', filter: { shotType: 'medium_shot' }, sort: 'duration', desc: false }],
  ['caption words of ~11 clips, by name', { kind: 'filter', filter: { text: 'take 4999' }, sort: 'name', desc: false }]
]

function main(): void {
  const file = path.join(tempDir('skycap-queue-order-'), 'queue.sqlite')
  console.log(`bench:queue-order: ${values.clips} clips, ${values.people} people, ${values.presses} presses of N per order (generating…)`)
  fillProject(file, 0, Number(values.clips), undefined, () => 'in_progress')
  const store = ProjectStore.open(file)
  const people = Array.from({ length: Number(values.people) }, (_, i) => store.people.add(`annotator ${i + 1}`, 'annotator'))
  const until = '2999-01-01T00:00:00.000Z'
  const row = (figure: string, value: string, target = '') => console.log(`${figure.padEnd(40)} ${value.padEnd(22)} ${target}`)
  for (const [name, order] of ORDERS) {
    const last = new Map<number, number>()
    const times: number[] = []
    for (let i = 0; i < Number(values.presses); i++) {
      const person = people[i % people.length]
      const start = performance.now()
      const { lease } = store.leases.next(person, last.get(person) ?? null, new Date().toISOString(), until, { mode: 'annotate', order })
      times.push(performance.now() - start)
      if (!lease) continue
      last.set(person, lease.clipId)
      // done: the next presses pass over it, as they would in a day's work
      if (i % 2 === 0) store.saveRevision({ clipId: lease.clipId, caption: realCaptions[0], status: 'approved', annotator: 'bench', baseNumber: 1 })
    }
    const p95 = percentile(times, 95)
    row(`N: ${name}`, `${percentile(times, 50).toFixed(2)} / ${p95.toFixed(2)} ms`, `p50 / p95; target p95 ≤ 100 ms  ${p95 <= 100 ? 'ok' : 'MISSED'}`)
  }
  store.close()
  removeTempDirs()
  console.log(`\nCPU: ${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}; load average ${os.loadavg()[0].toFixed(1)}`)
}

main()
