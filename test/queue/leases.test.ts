// The work queue through the real HTTP host with real people tokens: N never hands one clip to two people.
import { afterEach, describe, expect, it } from 'vitest'
import type { Lease } from '../../src/shared/api/queue'
import type { ClipDetail } from '../../src/shared/contract'
import { openReadOnly } from '../../src/main/store/db'
import { realCaptions } from '../helpers/bulkProject'
import { ask, startQueueTeam, type QueueTeam } from '../helpers/queueTeam'
import { postAs } from '../helpers/team'

let team: QueueTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

/** The leases as the project file holds them, read on a connection of its own. */
function fileLeases(file: string): { clip_id: number; person_id: number | null; expires_at: string }[] {
  const db = openReadOnly(file)
  try {
    return db.prepare('SELECT clip_id, person_id, expires_at FROM leases').all() as { clip_id: number; person_id: number | null; expires_at: string }[]
  } finally {
    db.close()
  }
}

const distinct = (values: unknown[]) => new Set(values).size === values.length

describe('queue.next under many concurrent people', () => {
  it('never gives one clip to two people: 40 clients x 6 presses of N, checked in the file while they run', async () => {
    team = await startQueueTeam(60, 40)
    const { host, project, file } = team
    const current = new Map<number, number>()
    const seen: string[] = []
    let running = true
    // a reader on the file beside the host: every look must show one lease per clip and per person
    const watcher = (async () => {
      let looks = 0
      while (running || looks === 0) {
        const leases = fileLeases(file)
        const live = leases.filter((l) => l.expires_at > new Date().toISOString())
        if (!distinct(live.map((l) => l.clip_id)) || !distinct(live.map((l) => l.person_id))) seen.push(JSON.stringify(live))
        looks++
        await new Promise((r) => setTimeout(r, 5))
      }
      return looks
    })()
    await Promise.all(
      team.annotators.map(async ({ token, personId }) => {
        let after: number | undefined
        for (let i = 0; i < 6; i++) {
          const lease = await ask<Lease>(host, token, 'queue.next', { project, after })
          expect(lease.personId).toBe(personId)
          // the lease is still the caller's own: no one else was given the clip meanwhile
          const renewed = await ask<Lease>(host, token, 'queue.renew', { project, clipId: lease.clipId })
          expect(renewed.personId).toBe(personId)
          current.set(personId, lease.clipId)
          after = lease.clipId
        }
      })
    )
    running = false
    expect(await watcher).toBeGreaterThan(0)
    expect(seen).toEqual([])
    // each client's last answer is live and its own; no two share a clip
    const held = [...current.values()]
    expect(distinct(held)).toBe(true)
    const leases = await ask<Lease[]>(host, team.lead, 'queue.leases', { project })
    expect(new Map(leases.map((l) => [l.personId, l.clipId]))).toEqual(current)
    expect(
      fileLeases(file)
        .map((l) => l.clip_id)
        .sort((a, b) => a - b)
    ).toEqual(held.sort((a, b) => a - b))
  }, 120_000)

  it('answers null once every clip not done is held by others', async () => {
    team = await startQueueTeam(2, 3)
    const [a, b, c] = team.annotators
    const { host, project } = team
    const first = await ask<Lease>(host, a.token, 'queue.next', { project })
    const second = await ask<Lease>(host, b.token, 'queue.next', { project })
    expect([first.clipId, second.clipId].sort()).toEqual([1, 2])
    expect(await ask(host, c.token, 'queue.next', { project })).toBeNull()
  })
})

describe('leases', () => {
  it('a lapsed lease frees its clip for another person, and its holder can no longer renew it', async () => {
    team = await startQueueTeam(1, 2)
    const [a, b] = team.annotators
    const { host, project } = team
    await ask(host, team.lead, 'queue.saveSettings', { project, leaseSeconds: 1 })
    const held = await ask<Lease>(host, a.token, 'queue.next', { project })
    expect(await ask(host, b.token, 'queue.next', { project })).toBeNull()
    // wait by the host's own clock: until the lease's stated end has passed
    while (Date.now() <= Date.parse(held.expiresAt) + 10) await new Promise((r) => setTimeout(r, 50))
    const taken = await ask<Lease>(host, b.token, 'queue.next', { project })
    expect(taken).toMatchObject({ clipId: held.clipId, personId: b.personId, name: b.name })
    const renew = await postAs(host, a.token, 'queue.renew', { project, clipId: held.clipId })
    expect(renew.status).toBe(409)
    expect(renew.body.error?.message).toContain(`held by ${b.name}`)
  })

  it("a lead releases and reassigns anyone's lease; a save by someone else on a held clip is refused with who holds it", async () => {
    team = await startQueueTeam(3, 2)
    const [a, b] = team.annotators
    const { host, project, lead } = team
    const held = await ask<Lease>(host, a.token, 'queue.next', { project })
    expect(await ask(host, lead, 'queue.releaseAny', { project, clipId: held.clipId })).toEqual({ released: true })
    const taken = await ask<Lease>(host, b.token, 'queue.next', { project })
    expect(taken.clipId).toBe(held.clipId)
    const moved = await ask<Lease>(host, lead, 'queue.reassign', { project, clipId: held.clipId, personId: a.personId })
    expect(moved).toMatchObject({ clipId: held.clipId, personId: a.personId })
    expect((await ask<Lease[]>(host, b.token, 'queue.leases', { project })).map((l) => [l.clipId, l.name])).toEqual([[held.clipId, a.name]])

    const detail = await ask<ClipDetail>(host, b.token, 'clips.get', { project, id: held.clipId })
    const save = { project, clipId: held.clipId, caption: realCaptions[0], status: 'in_progress', annotator: 'typed', baseNumber: detail.revision!.number }
    const refused = await postAs(host, b.token, 'captions.save', save)
    expect(refused.status).toBe(409)
    expect(refused.body.error?.message).toContain(`held by ${a.name}`)
    expect((await ask<ClipDetail>(host, b.token, 'clips.get', { project, id: held.clipId })).revision!.number).toBe(detail.revision!.number)
    // the holder saves, and so may a lead
    await ask(host, a.token, 'captions.save', save)
    await ask(host, lead, 'captions.save', { ...save, baseNumber: save.baseNumber + 1 })
  })

  it("clips assigned by a Library filter come first for their person and are left out of the others' queues", async () => {
    team = await startQueueTeam(6, 2)
    const [a, b] = team.annotators
    const { host, project, lead } = team
    const ids = await ask<number[]>(host, lead, 'clips.ids', { project, text: 'take 4' })
    expect(ids).toEqual([5])
    expect(await ask(host, lead, 'queue.assign', { project, filter: { text: 'take 4' }, personId: b.personId })).toEqual({ assigned: 1 })
    expect(await ask(host, lead, 'queue.assign', { project, clipIds: [2, 999], personId: b.personId })).toEqual({ assigned: 1 })
    const order: number[] = []
    let after: number | undefined
    for (let i = 0; i < 4; i++) {
      const lease = await ask<Lease>(host, a.token, 'queue.next', { project, after })
      order.push(lease.clipId)
      after = lease.clipId
    }
    expect(order).toEqual([1, 3, 4, 6])
    const first = await ask<Lease>(host, b.token, 'queue.next', { project })
    const second = await ask<Lease>(host, b.token, 'queue.next', { project, after: first.clipId })
    expect([first.clipId, second.clipId]).toEqual([2, 5])
  })
})
