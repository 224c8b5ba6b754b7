// A Library filter as the queue order, through the real HTTP host with people's tokens: only a lead sets it,
// everyone reads it, and many people pressing N at once still never share a clip.
import { afterEach, describe, expect, it } from 'vitest'
import { QueueSettings, type Lease } from '../../src/shared/api/queue'
import { openReadOnly } from '../../src/main/store/db'
import { ask, startQueueTeam, type QueueTeam } from '../helpers/queueTeam'
import { postAs } from '../helpers/team'

let team: QueueTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

// the generated clips' shot types cycle through SHOT_TYPES: close_up is every 6th, from clip 4
const closeUps = { kind: 'filter', filter: { shotType: 'close_up' }, sort: 'name', desc: true } as const

function storedSettings(file: string): unknown {
  const db = openReadOnly(file)
  try {
    const row = db.prepare("SELECT value FROM project_meta WHERE key = 'queue_settings'").get() as { value: string }
    return JSON.parse(row.value)
  } finally {
    db.close()
  }
}

describe('the queue order setting', () => {
  it('is saved by a lead only, read back by everyone, and kept in the project file', async () => {
    team = await startQueueTeam(12, 1)
    const { host, project, lead, file } = team
    const [a] = team.annotators
    // the other team settings keep their defaults throughout
    const defaults = QueueSettings.parse({})
    expect(defaults).toMatchObject({ leaseSeconds: 900, order: { kind: 'import' } })
    expect(await ask<QueueSettings>(host, a.token, 'queue.settings', { project })).toEqual(defaults)

    const refused = await postAs(host, a.token, 'queue.saveSettings', { project, leaseSeconds: 900, order: closeUps })
    expect(refused.status).toBe(403)
    const saved = await ask<QueueSettings>(host, lead, 'queue.saveSettings', { project, leaseSeconds: 600, order: closeUps })
    expect(saved).toEqual({ ...defaults, leaseSeconds: 600, order: closeUps })
    expect(await ask<QueueSettings>(host, a.token, 'queue.settings', { project })).toEqual(saved)
    expect(storedSettings(file)).toEqual(saved)

    // a bad order is refused with what is wrong, and the saved one stays
    const bad = await postAs(host, lead, 'queue.saveSettings', { project, leaseSeconds: 600, order: { ...closeUps, sort: 'colour' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error?.message).toMatch(/order\.sort/)
    expect(await ask<QueueSettings>(host, a.token, 'queue.settings', { project })).toEqual(saved)

    // N follows it: close-ups by name, descending (clips 10 and 4 of 12)
    const first = await ask<Lease>(host, a.token, 'queue.next', { project })
    const second = await ask<Lease>(host, a.token, 'queue.next', { project, after: first.clipId })
    expect([first.clipId, second.clipId]).toEqual([10, 4])
  })

  it('never gives one clip to two people: 16 clients x 5 presses of N on a filter order', async () => {
    team = await startQueueTeam(180, 16)
    const { host, project, lead } = team
    await ask(host, lead, 'queue.saveSettings', { project, leaseSeconds: 900, order: closeUps })
    const matching = new Set(await ask<number[]>(host, lead, 'clips.ids', { project, shotType: 'close_up', limit: 1000 }))
    expect(matching.size).toBe(30)
    const given: number[][] = []
    const last = new Map<number, number>()
    await Promise.all(
      team.annotators.map(async ({ token, personId }) => {
        let after: number | undefined
        for (let i = 0; i < 5; i++) {
          const lease = await ask<Lease | null>(host, token, 'queue.next', { project, after })
          if (!lease) continue
          expect(lease.personId).toBe(personId)
          given.push([personId, lease.clipId])
          last.set(personId, lease.clipId)
          after = lease.clipId
        }
      })
    )
    // 30 matching clips for 16 people: everyone held one at the end, each a close-up, no two the same
    expect(given.every(([, clipId]) => matching.has(clipId))).toBe(true)
    const leases = await ask<Lease[]>(host, lead, 'queue.leases', { project })
    expect(leases).toHaveLength(16)
    expect(new Set(leases.map((l) => l.clipId)).size).toBe(16)
    expect(leases.every((l) => matching.has(l.clipId))).toBe(true)
    // each client's last answer is still its own: no later N took it over
    expect(new Map(leases.map((l) => [l.personId, l.clipId]))).toEqual(last)
  }, 120_000)
})
