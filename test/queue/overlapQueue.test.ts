// The queue with blind overlap, through the real HTTP host with many concurrent annotators: an overlap clip reaches
// exactly two different people, one after the other, and never the same person twice.
import { afterEach, describe, expect, it } from 'vitest'
import type { Lease } from '../../src/shared/api/queue'
import type { ClipDetail } from '../../src/shared/contract'
import { openReadOnly } from '../../src/main/store/db'
import { startOverlapTeam, type OverlapTeam } from '../helpers/overlapTeam'

let team: OverlapTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

const CLIPS = 12
const ANNOTATORS = 8

describe('queue.next with every clip overlapping', () => {
  it(`${ANNOTATORS} annotators pressing N and approving at once: each clip gets two labellers, nobody labels a clip twice`, async () => {
    team = await startOverlapTeam(CLIPS, ANNOTATORS, 1)
    const t = team
    const given = new Map<number, number[]>()
    /** N, read, approve, until N has nothing left for this person. */
    const work = async (who: (typeof t.annotators)[number]) => {
      const mine = given.get(who.personId) ?? []
      let after: number | undefined
      for (let i = 0; i < CLIPS + 1; i++) {
        const lease = await t.as<Lease | null>(who, 'queue.next', { after })
        if (!lease) break
        mine.push(lease.clipId)
        const detail = await t.as<ClipDetail>(who, 'clips.get', { id: lease.clipId })
        await t.as(who, 'captions.save', {
          clipId: lease.clipId,
          caption: detail.prelabel!.caption,
          status: 'approved',
          annotator: 'typed',
          baseNumber: detail.revision?.number ?? 0
        })
        after = lease.clipId
      }
      given.set(who.personId, mine)
    }
    await Promise.all(t.annotators.map(work))
    // one found nothing while another still held a clip it could take next: a second round, one by one, picks those up
    for (const who of t.annotators) await work(who)
    // nobody was handed one clip twice
    for (const mine of given.values()) expect(new Set(mine).size).toBe(mine.length)
    const db = openReadOnly(t.file)
    try {
      const labels = db.prepare('SELECT clip_id, person_id, number FROM blind_labels').all() as { clip_id: number; person_id: number; number: number }[]
      // one label each: a person given the clip again would have saved a second one on top of their first
      expect(labels.every((l) => l.number === 1)).toBe(true)
      const perClip = new Map<number, Set<number>>()
      for (const l of labels) perClip.set(l.clip_id, (perClip.get(l.clip_id) ?? new Set()).add(l.person_id))
      expect([...perClip.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: CLIPS }, (_, i) => i + 1))
      for (const people of perClip.values()) expect(people.size).toBe(2)
      expect(db.prepare("SELECT count(*) AS n FROM clips WHERE stage = 'in_review'").get()).toEqual({ n: CLIPS })
      expect(db.prepare('SELECT count(*) AS n FROM revisions').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
    // with every clip labelled twice, N has nothing left for any annotator
    for (const who of t.annotators) expect(await t.as(who, 'queue.next')).toBeNull()
  }, 120_000)
})
