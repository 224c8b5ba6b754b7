// Adjudication through the real HTTP host with people tokens: the two versions, the refusals, and the approved revision it writes.
import { afterEach, describe, expect, it } from 'vitest'
import type { OverlapRow, OverlapVersions } from '../../src/shared/api/overlap'
import type { ClipDetail, Revision } from '../../src/shared/contract'
import { openReadOnly } from '../../src/main/store/db'
import { realCaptions } from '../helpers/bulkProject'
import { startOverlapTeam, type OverlapTeam, type Person } from '../helpers/overlapTeam'
import { postAs } from '../helpers/team'

let team: OverlapTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

const A_CAPTION = { ...realCaptions[0], lighting: 'Harsh noon sun.' }
const B_CAPTION = { ...realCaptions[0], lighting: 'Soft overcast light.', shot_type: 'long_shot' }

/** The annotator takes the clip with N, saves it approved, and gives the lease back. */
async function label(t: OverlapTeam, who: Person, caption: object): Promise<void> {
  const lease = await t.as<{ clipId: number }>(who, 'queue.next')
  expect(lease.clipId).toBe(1)
  await t.as(who, 'captions.save', { clipId: 1, caption, status: 'approved', annotator: 'typed', baseNumber: 0 })
  await t.as(who, 'queue.release', { clipId: 1 })
}

const refusal = async (t: OverlapTeam, who: Person, input: object) => {
  const answer = await postAs(t.host, who.token, 'overlap.adjudicate', { project: t.project, annotator: 'typed', ...input })
  return { status: answer.status, message: answer.body.error?.message ?? '' }
}

describe('adjudication', () => {
  it('is refused before both versions are in, writes one approved revision by the reviewer, and is refused once done', async () => {
    team = await startOverlapTeam(2, 2, 1)
    const t = team
    const [a, b] = t.annotators
    const merged = { ...A_CAPTION, lighting: B_CAPTION.lighting }

    await label(t, a, A_CAPTION)
    const half = await t.as<OverlapVersions>(t.reviewer, 'overlap.versions', { clipId: 1 })
    expect(half).toMatchObject({ clipName: 'clip-1.mp4', ready: false, adjudicatedAt: null })
    expect(half.versions.map((v) => v.name)).toEqual([a.name])
    const early = await refusal(t, t.reviewer, { clipId: 1, caption: merged })
    expect(early.status).toBe(409)
    expect(early.message).toContain('1 of its 2 approved blind labels')
    expect((await t.as<OverlapRow[]>(t.lead, 'overlap.list')).map((r) => [r.clipId, r.labellers, r.approved])).toEqual([[1, 1, 1]])

    await label(t, b, B_CAPTION)
    const both = await t.as<OverlapVersions>(t.reviewer, 'overlap.versions', { clipId: 1 })
    expect(both.ready).toBe(true)
    expect(both.prelabel?.caption).toEqual(realCaptions[0])
    expect(both.versions.map((v) => [v.name, v.status, v.caption.lighting, v.caption.shot_type])).toEqual([
      [a.name, 'approved', A_CAPTION.lighting, A_CAPTION.shot_type],
      [b.name, 'approved', B_CAPTION.lighting, 'long_shot']
    ])

    const done = await t.as<{ revisionNumber: number }>(t.reviewer, 'overlap.adjudicate', { clipId: 1, caption: merged, annotator: 'typed' })
    expect(done).toEqual({ revisionNumber: 1 })
    const db = openReadOnly(t.file)
    try {
      const revisions = db.prepare('SELECT number, status, annotator, caption_json FROM revisions').all() as { caption_json: string }[]
      expect(revisions.map((r) => ({ ...r, caption_json: JSON.parse(r.caption_json) }))).toEqual([
        { number: 1, status: 'approved', annotator: t.reviewer.name, caption_json: merged }
      ])
      expect(db.prepare('SELECT adjudicated_number, adjudicated_by FROM overlap_clips').all()).toEqual([
        { adjudicated_number: 1, adjudicated_by: t.reviewer.personId }
      ])
      expect(db.prepare('SELECT stage, status FROM clips WHERE id = 1').get()).toEqual({ stage: null, status: 'approved' })
      // the blind labels stay, for the agreement figures
      expect(db.prepare('SELECT count(*) AS n FROM blind_labels').get()).toEqual({ n: 2 })
    } finally {
      db.close()
    }
    const row = (await t.as<OverlapRow[]>(t.reviewer, 'overlap.list'))[0]
    expect(row).toMatchObject({ labellers: 2, approved: 2, adjudicatedBy: t.reviewer.name })

    const again = await refusal(t, t.lead, { clipId: 1, caption: A_CAPTION })
    expect(again.status).toBe(409)
    expect(again.message).toContain('was adjudicated at')
    // once adjudicated, the clip reads as any other: the annotators see the merged revision
    const aView = await t.as<ClipDetail>(a, 'clips.get', { id: 1 })
    expect(aView.revision).toMatchObject({ number: 1, status: 'approved', annotator: t.reviewer.name })
    expect((await t.as<Revision[]>(b, 'captions.history', { clipId: 1 })).map((r) => r.annotator)).toEqual([t.reviewer.name])
  })

  it('says which clips are not overlap clips, and keeps the versions from annotators', async () => {
    team = await startOverlapTeam(2, 1, 0)
    const t = team
    const [a] = t.annotators
    const missing = await postAs(t.host, t.lead.token, 'overlap.versions', { project: t.project, clipId: 2 })
    expect(missing.status).toBe(404)
    expect(missing.body.error?.message).toBe('clip-2.mp4 is not an overlap clip')
    const notOverlap = await refusal(t, t.lead, { clipId: 2, caption: A_CAPTION })
    expect(notOverlap.status).toBe(404)
    const annotator = await postAs(t.host, a.token, 'overlap.versions', { project: t.project, clipId: 1 })
    expect(annotator.status).toBe(403)
  })
})
