// Blind overlap through the real HTTP host with people tokens: which clips overlap, and that neither annotator sees the other's work.
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Lease } from '../../src/shared/api/queue'
import type { ClipDetail, Revision } from '../../src/shared/contract'
import { realCaptions } from '../helpers/bulkProject'
import { startOverlapTeam, type OverlapTeam, type Person } from '../helpers/overlapTeam'
import { postAs } from '../helpers/team'
import { fileRows } from '../helpers/fileRows'

let team: OverlapTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

/** The documented rule, computed here on its own: sha256 of "<project id>:<clip id>", its first 4 bytes over 2^32. */
const draw = (project: string, clipId: number) => createHash('sha256').update(`${project}:${clipId}`).digest().readUInt32BE(0) / 2 ** 32

/** Every key path of a JSON value (array items merged), to compare what two answers can say. */
function shape(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => shape(v, `${at}[]`)))]
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...shape(v, `${at}.${k}`)])
  return []
}

/** Presses N until the queue is empty; the clips in the order given. */
async function takeAll(t: OverlapTeam, who: Person): Promise<number[]> {
  const taken: number[] = []
  let after: number | undefined
  for (;;) {
    const lease = await t.as<Lease | null>(who, 'queue.next', { after })
    if (!lease || taken.includes(lease.clipId)) break
    taken.push(lease.clipId)
    after = lease.clipId
  }
  return taken
}

const A_TEXT = { ...realCaptions[0], environment: 'A dim kitchen, as annotator one saw it.' }
const B_TEXT = { ...realCaptions[0], environment: 'A bright diner, as annotator two saw it.' }
const save = (clipId: number, caption: object, status: string, baseNumber = 0) => ({ clipId, caption, status, annotator: 'typed', baseNumber })

describe('which clips overlap', () => {
  it('a clip an annotator first takes joins the overlap when its draw falls under the share; started clips and leads never draw', async () => {
    team = await startOverlapTeam(40, 1, 0.3)
    const t = team
    const [ann] = t.annotators
    // the lead works on clip 1 first (a human revision), and takes clip 2 with N: neither is drawn by that
    await t.as(t.lead, 'captions.save', save(1, realCaptions[1], 'in_progress'))
    await t.as(t.lead, 'queue.next', { after: 1 })
    await t.as(t.lead, 'queue.release', { clipId: 2 })
    expect(fileRows(t.file, 'SELECT clip_id FROM overlap_clips')).toEqual([])

    const taken = await takeAll(t, ann)
    expect(taken).toHaveLength(40)
    const expected = taken.filter((id) => id !== 1 && draw(t.project, id) < 0.3).sort((a, b) => a - b)
    expect(expected.length).toBeGreaterThan(3)
    expect(expected.length).toBeLessThan(30)
    const chosen = () => fileRows<{ clip_id: number }>(t.file, 'SELECT clip_id FROM overlap_clips ORDER BY clip_id').map((r) => r.clip_id)
    expect(chosen()).toEqual(expected)

    // lowering the share keeps the chosen; raising it adds only clips nobody started
    await t.as(t.lead, 'queue.saveSettings', { leaseSeconds: 900, overlapShare: 0 })
    await takeAll(t, ann)
    expect(chosen()).toEqual(expected)
    await t.as(t.lead, 'queue.saveSettings', { leaseSeconds: 900, overlapShare: 0.6 })
    const started = taken.find((id) => !expected.includes(id) && id !== 1 && draw(t.project, id) < 0.6)!
    await t.as(ann, 'captions.save', save(started, realCaptions[2], 'in_progress'))
    await takeAll(t, ann)
    const wider = taken.filter((id) => id !== 1 && id !== started && draw(t.project, id) < 0.6).sort((a, b) => a - b)
    expect(chosen()).toEqual(wider)
  })

  it('refuses a share outside 0..1 with the field named', async () => {
    team = await startOverlapTeam(1, 0, 0)
    const answer = await postAs(team.host, team.lead.token, 'queue.saveSettings', { project: team.project, leaseSeconds: 900, overlapShare: 1.5 })
    expect(answer.status).toBe(400)
    expect(answer.body.error?.message).toContain('overlapShare')
  })
})

describe('blind labels', () => {
  it('two annotators label the same clip; neither reads anything of the other, and the clip goes to review once both approved', async () => {
    team = await startOverlapTeam(3, 3, 1)
    const t = team
    const [a, b, c] = t.annotators
    // what a clip nobody started answers: the shape the overlap clip must keep
    const plain = await t.as<ClipDetail>(b, 'clips.get', { id: 3 })

    const first = await t.as<Lease>(a, 'queue.next')
    expect(first.clipId).toBe(1)
    const mine = await t.as<Revision>(a, 'captions.save', save(1, A_TEXT, 'in_progress'))
    expect(mine).toMatchObject({ number: 1, annotator: a.name, status: 'in_progress' })
    await t.as<Revision>(a, 'captions.save', save(1, A_TEXT, 'approved', 1))
    await t.as(a, 'queue.release', { clipId: 1 })

    const second = await t.as<Lease>(b, 'queue.next')
    expect(second.clipId).toBe(1)
    const seen = await t.as<ClipDetail>(b, 'clips.get', { id: 1 })
    expect(seen.revision).toBeNull()
    expect(seen.prelabel?.caption).toEqual(realCaptions[0])
    expect(await t.as<Revision[]>(b, 'captions.history', { clipId: 1 })).toEqual([])
    const rows = await t.as<object>(b, 'clips.list', { limit: 10 })
    for (const answer of [seen, rows, await t.as(b, 'clips.facets'), await t.as(b, 'queue.leases')]) {
      const json = JSON.stringify(answer)
      expect(json).not.toContain(a.name)
      expect(json).not.toContain('annotator one')
    }
    expect(shape(seen)).toEqual(shape(plain))

    const theirs = await t.as<Revision>(b, 'captions.save', save(1, B_TEXT, 'approved'))
    expect(theirs).toMatchObject({ number: 1, annotator: b.name, status: 'approved' })
    const bView = await t.as<ClipDetail>(b, 'clips.get', { id: 1 })
    expect(bView.revision?.caption.environment).toBe(B_TEXT.environment)
    expect(shape(bView)).toEqual(shape(await t.as<ClipDetail>(a, 'clips.get', { id: 1 })))
    expect(JSON.stringify(bView)).not.toContain('annotator one')
    const aHistory = await t.as<Revision[]>(a, 'captions.history', { clipId: 1 })
    expect(aHistory.map((r) => [r.number, r.status, r.annotator])).toEqual([
      [2, 'approved', a.name],
      [1, 'in_progress', a.name]
    ])
    expect(JSON.stringify(aHistory)).not.toContain('annotator two')

    // on disk: blind labels only, no revision, and the clip is in review
    expect(fileRows(t.file, 'SELECT count(*) AS n FROM revisions')).toEqual([{ n: 0 }])
    expect(fileRows(t.file, 'SELECT person_id, number, status FROM blind_labels ORDER BY id')).toEqual([
      { person_id: a.personId, number: 1, status: 'in_progress' },
      { person_id: a.personId, number: 2, status: 'approved' },
      { person_id: b.personId, number: 1, status: 'approved' }
    ])
    expect(fileRows(t.file, 'SELECT stage, status FROM clips WHERE id = 1')).toEqual([{ stage: 'in_review', status: 'unreviewed' }])

    // a third annotator is not offered it, and cannot add a third label by saving it directly
    await t.as(b, 'queue.release', { clipId: 1 })
    const third = await t.as<Lease>(c, 'queue.next')
    expect(third.clipId).toBe(2)
    const refused = await postAs(t.host, c.token, 'captions.save', { project: t.project, ...save(1, realCaptions[1], 'approved') })
    expect(refused.status).toBe(409)
    expect(refused.body.error?.message).not.toMatch(/overlap|shared|blind|annotator/i)
    // neither of the two gets it again
    expect(await takeAll(t, a)).not.toContain(1)
    expect(await takeAll(t, b)).not.toContain(1)
    // a lead labelling finds nothing (every clip an overlap clip now, none held); a reviewer's N (review mode)
    // offers only the clip whose two versions are in, to adjudicate
    for (const clipId of [1, 2, 3]) await t.as(t.lead, 'queue.releaseAny', { clipId })
    expect(fileRows(t.file, 'SELECT count(*) AS n FROM overlap_clips')).toEqual([{ n: 3 }])
    expect(await takeAll(t, t.reviewer)).toEqual([1])
    expect(await takeAll(t, t.lead)).toEqual([])
  })

  it("checks a blind label's own numbering, and keeps a flag's reason", async () => {
    team = await startOverlapTeam(1, 2, 1)
    const t = team
    const [a, b] = t.annotators
    await t.as(a, 'queue.next')
    await t.as(a, 'captions.save', save(1, A_TEXT, 'in_progress'))
    const stale = await postAs(t.host, a.token, 'captions.save', { project: t.project, ...save(1, A_TEXT, 'approved', 0) })
    expect(stale.status).toBe(409)
    expect(stale.body.error?.message).toContain('clip-1.mp4 changed since you opened it')
    const noReason = await postAs(t.host, a.token, 'captions.save', { project: t.project, ...save(1, A_TEXT, 'flagged', 1) })
    expect(noReason.status).toBe(400)
    const flagged = await t.as<Revision>(a, 'captions.save', { ...save(1, A_TEXT, 'flagged', 1), flagReason: 'The clip freezes halfway' })
    expect(flagged.flagReason).toBe('The clip freezes halfway')
    expect((await t.as<ClipDetail>(a, 'clips.get', { id: 1 })).revision).toMatchObject({ number: 2, status: 'flagged', flagReason: 'The clip freezes halfway' })
    // b's numbering is b's own: starting from 0 is right for b
    await t.as(a, 'queue.release', { clipId: 1 })
    await t.as(b, 'queue.next')
    expect(await t.as<Revision>(b, 'captions.save', save(1, B_TEXT, 'in_progress', 0))).toMatchObject({ number: 1 })
  })
})
