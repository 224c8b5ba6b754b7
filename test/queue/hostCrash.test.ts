// kill -9 of the real host process in the middle of a team session: nothing acknowledged is lost or doubled, and leases recover.
import { afterEach, describe, expect, it } from 'vitest'
import type { Lease } from '../../src/shared/api/queue'
import type { ClipDetail } from '../../src/shared/contract'
import { openReadOnly } from '../../src/main/store/db'
import { ask } from '../helpers/queueTeam'
import { operator, postAs } from '../helpers/team'
import { startChildHost, startTeamSession, type ChildHost } from '../helpers/teamHost'

let running: ChildHost | null = null
afterEach(async () => {
  await running?.served.stop()
  running = null
})

interface Ack {
  clipId: number
  number: number
  marker: string
}

describe('the host killed with SIGKILL during a team session (real serve.ts child process)', () => {
  it('keeps every acknowledged save exactly once; live leases stay held, lapsed ones are free', async () => {
    const { session, child } = await startTeamSession(40, 7)
    running = child
    const { host } = child
    const { project } = session
    const [brief, ...workers] = session.annotators
    // one lease that lapses while the host is down (on a clip set aside for its holder, so no one else takes it), then 15 minutes for the rest
    await operator(host, 'queue.assign', { project, clipIds: [1], personId: brief.personId })
    await operator(host, 'queue.saveSettings', { project, leaseSeconds: 1 })
    const lapsing = await ask<Lease>(host, brief.token, 'queue.next', { project })
    await operator(host, 'queue.saveSettings', { project, leaseSeconds: 900 })

    const acks: Ack[] = []
    const held = new Map<number, number>()
    let stop = false
    const work = workers.map(async ({ token, personId, name }) => {
      try {
        for (let round = 0; !stop; round++) {
          const lease = await ask<Lease>(host, token, 'queue.next', { project, after: held.get(personId) })
          held.set(personId, lease.clipId)
          const detail = await ask<ClipDetail>(host, token, 'clips.get', { project, id: lease.clipId })
          let number = detail.revision!.number
          for (let i = 0; i < 3 && !stop; i++) {
            const marker = `${name} round ${round} save ${i}`
            const caption = { ...detail.revision!.caption, environment: marker }
            const saved = await ask<{ number: number }>(host, token, 'captions.save', {
              project,
              clipId: lease.clipId,
              caption,
              status: 'in_progress',
              annotator: name,
              baseNumber: number
            })
            number = saved.number
            acks.push({ clipId: lease.clipId, number, marker })
          }
        }
      } catch {
        // the host is gone: what it answered before is what must survive
      }
    })
    while (acks.length < 40) await new Promise((r) => setTimeout(r, 20))
    const leasesBefore = await operator<Lease[]>(host, 'queue.leases', { project })
    stop = true
    await child.served.kill()
    await Promise.all(work)
    running = null

    const db = openReadOnly(session.file)
    try {
      const find = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM revisions WHERE clip_id = ? AND number = ?')
      const marked = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM revisions WHERE json_extract(caption_json, '$.environment') = ?")
      for (const ack of acks) {
        expect(find.get(ack.clipId, ack.number)!.n, `${ack.marker}`).toBe(1)
        expect(marked.get(ack.marker)!.n, `${ack.marker}`).toBe(1)
      }
    } finally {
      db.close()
    }

    while (Date.now() <= Date.parse(lapsing.expiresAt) + 10) await new Promise((r) => setTimeout(r, 50))
    running = await startChildHost(session)
    const after = await operator<Lease[]>(running.host, 'queue.leases', { project })
    const live = leasesBefore.filter((l) => l.clipId !== lapsing.clipId)
    expect(live.length).toBeGreaterThan(0)
    // the clients worked on between the look and the kill: a person seen holding a clip then holds it still, or
    // pressed N since and holds the next one (next releases and takes in one transaction, so never neither)
    for (const lease of live) {
      const kept = after.find((l) => l.clipId === lease.clipId)?.personId === lease.personId
      const movedOn = after.some((l) => l.personId === lease.personId && l.clipId !== lease.clipId)
      expect(kept || movedOn, lease.clipName).toBe(true)
    }
    expect(live.some((lease) => after.find((l) => l.clipId === lease.clipId)?.personId === lease.personId)).toBe(true)
    expect(after.some((l) => l.clipId === lapsing.clipId)).toBe(false)
    // the lapsed clip is free again, and still first in its person's queue
    expect((await ask<Lease>(running.host, brief.token, 'queue.next', { project })).clipId).toBe(lapsing.clipId)

    // a kept lease is still its holder's after the restart: their page's next renewal extends it, anyone else's is refused
    const kept = after.find((l) => live.some((b) => b.clipId === l.clipId && b.personId === l.personId))!
    const keeper = workers.find((w) => w.personId === kept.personId)!
    const renewed = await ask<Lease>(running.host, keeper.token, 'queue.renew', { project, clipId: kept.clipId })
    expect(renewed.personId).toBe(keeper.personId)
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(kept.expiresAt))
    const other = await postAs(running.host, workers.find((w) => w !== keeper)!.token, 'queue.renew', { project, clipId: kept.clipId })
    expect(other.status).toBe(409)
    expect(other.body.error?.message).toContain(`held by ${keeper.name}`)
  }, 120_000)
})
