// The review stage through the real HTTP host with people tokens: sending to review, approve and return,
// the refusals, and the queue's order (returned clips first for their annotator, clips in review for reviewers).
import { afterEach, describe, expect, it } from 'vitest'
import type { Lease } from '../../src/shared/api/queue'
import type { ClipDetail, ClipRow, Revision } from '../../src/shared/contract'
import { statusToStore } from '../../src/main/review/reviewStage'
import { fromStored, toStored } from '../../src/main/store/stage'
import { ask, startQueueTeam, type QueueTeam } from '../helpers/queueTeam'
import { addPerson, postAs } from '../helpers/team'
import { fileRows } from '../helpers/fileRows'

let team: QueueTeam | null = null
afterEach(async () => {
  await team?.close()
  team = null
})

interface Reviewer {
  token: string
  personId: number
  name: string
}

/** A team with the review stage on and `reviewers` reviewers beside the annotators. */
async function startReviewTeam(clips: number, annotators: number, reviewers = 1): Promise<{ team: QueueTeam; reviewers: Reviewer[] }> {
  team = await startQueueTeam(clips, annotators)
  const people: Reviewer[] = []
  for (let i = 0; i < reviewers; i++) people.push({ ...(await addPerson(team.host, team.project, `reviewer ${i + 1}`, 'reviewer')), name: `reviewer ${i + 1}` })
  await ask(team.host, team.lead, 'queue.saveSettings', { project: team.project, leaseSeconds: 900, reviewStage: true })
  return { team, reviewers: people }
}

const detail = (t: QueueTeam, token: string, id: number) => ask<ClipDetail>(t.host, token, 'clips.get', { project: t.project, id })

/** Saves the clip's current caption with `status` as the token's holder (the page's "done" is status approved). */
async function save(t: QueueTeam, token: string, clipId: number, status: string, edit: object = {}): Promise<Revision> {
  const d = await detail(t, token, clipId)
  const caption = { ...d.revision!.caption, ...edit }
  return ask<Revision>(t.host, token, 'captions.save', { project: t.project, clipId, caption, status, annotator: 'typed', baseNumber: d.revision!.number })
}

describe('the stored form of the review states', () => {
  it('maps in_review and returned to in_progress with a stage, and reads them back; other statuses have none', () => {
    expect(toStored('in_review')).toEqual({ status: 'in_progress', stage: 'in_review' })
    expect(toStored('returned')).toEqual({ status: 'in_progress', stage: 'returned' })
    expect(toStored('flagged')).toEqual({ status: 'flagged', stage: null })
    expect(fromStored('in_progress', 'returned')).toBe('returned')
    expect(fromStored('approved', null)).toBe('approved')
  })
})

describe('the status a save stores', () => {
  it('keeps a review state on a plain save, sends done to review only when asked to, and never enters a review state by a save', () => {
    expect(statusToStore('in_progress', 'approved', true)).toBe('in_review')
    expect(statusToStore('returned', 'approved', true)).toBe('in_review')
    expect(statusToStore('in_progress', 'approved', false)).toBe('approved')
    expect(statusToStore('returned', 'in_progress', true)).toBe('returned')
    expect(statusToStore('in_review', 'in_review', false)).toBe('in_review')
    expect(statusToStore('returned', 'flagged', true)).toBe('flagged')
    expect(() => statusToStore('in_progress', 'returned', false)).toThrow('Only a reviewer returns a clip')
    expect(() => statusToStore('returned', 'in_review', true)).toThrow('save it with status approved')
  })
})

describe('the review stage', () => {
  it("sends an annotator's done to review, a reviewer returns it with a comment and edits, and its annotator gets it first", async () => {
    const { team: t, reviewers } = await startReviewTeam(4, 2)
    const [ann, other] = t.annotators
    const [rev] = reviewers
    const { host, project } = t
    const taken = await ask<Lease>(host, ann.token, 'queue.next', { project })
    expect(taken.clipId).toBe(1)
    const sent = await save(t, ann.token, 1, 'approved', { lighting: 'Soft dusk light.' })
    expect(sent.status).toBe('in_review')
    expect(fileRows(t.file, 'SELECT status, stage, state FROM clips WHERE id = 1')).toEqual([{ status: 'in_progress', stage: 'in_review', state: 'in_review' }])
    expect(fileRows(t.file, 'SELECT submitted_number, submitted_by, verdict FROM reviews')).toEqual([
      { submitted_number: sent.number, submitted_by: ann.personId, verdict: null }
    ])
    // in review: out of the annotators' queues (the other one starts at clip 2), into the reviewer's
    const next = await ask<Lease>(host, ann.token, 'queue.next', { project, after: 1 })
    expect(next.clipId).toBe(2)
    expect((await ask<Lease>(host, other.token, 'queue.next', { project })).clipId).toBe(3)
    const review = await ask<Lease>(host, rev.token, 'queue.next', { project })
    expect(review).toMatchObject({ clipId: 1, personId: rev.personId })
    expect(await ask(host, rev.token, 'queue.next', { project, after: 1 })).toMatchObject({ clipId: 1 })

    const edited = { ...sent.caption, shot_type: 'close_up' as const }
    const returned = await ask<Revision>(host, rev.token, 'review.return', {
      project,
      clipId: 1,
      baseNumber: sent.number,
      caption: edited,
      comment: 'It is a close-up, and the light is wrong.',
      annotator: 'typed'
    })
    expect(returned).toMatchObject({ status: 'returned', annotator: rev.name, number: sent.number + 1 })
    // the decision ends the reviewer's lease, so the clip can go back
    expect((await ask<Lease[]>(host, t.lead, 'queue.leases', { project })).map((l) => l.clipId).sort()).toEqual([2, 3])
    const shown = await detail(t, ann.token, 1)
    expect(shown.clip.status).toBe('returned')
    expect(shown.review).toMatchObject({
      state: 'returned',
      comment: 'It is a close-up, and the light is wrong.',
      reviewer: rev.name,
      submittedBy: ann.name,
      submittedNumber: sent.number,
      decidedNumber: returned.number
    })
    expect(shown.review!.submittedCaption.shot_type).toBe(sent.caption.shot_type)
    expect(shown.review!.decidedCaption!.shot_type).toBe('close_up')

    // returned clips: first for their annotator only
    expect((await ask<Lease>(host, other.token, 'queue.next', { project, after: 3 })).clipId).toBe(4)
    expect((await ask<Lease>(host, ann.token, 'queue.next', { project, after: 2 })).clipId).toBe(1)
    // a plain save keeps it returned, as autosave (the status it has) or as in progress
    expect((await save(t, ann.token, 1, 'returned', { lighting: 'Night.' })).status).toBe('returned')
    expect((await save(t, ann.token, 1, 'in_progress')).status).toBe('returned')
    const counts = await ask<Record<string, number>>(host, t.lead, 'clips.counts', { project })
    expect(counts).toMatchObject({ returned: 1, in_review: 0 })
    const listed = await ask<{ rows: ClipRow[] }>(host, t.lead, 'clips.list', { project, status: 'returned' })
    expect(listed.rows.map((r) => [r.id, r.status])).toEqual([[1, 'returned']])

    // sent again: a new review, which the reviewer approves as it is
    const again = await save(t, ann.token, 1, 'approved')
    expect(again.status).toBe('in_review')
    expect((await ask<Lease>(host, rev.token, 'queue.next', { project })).clipId).toBe(1)
    const approved = await ask<Revision>(host, rev.token, 'review.approve', { project, clipId: 1, baseNumber: again.number, annotator: 'typed' })
    expect(approved).toMatchObject({ status: 'approved', annotator: rev.name, caption: again.caption })
    expect(fileRows(t.file, 'SELECT verdict, reviewer_id, decided_number FROM reviews ORDER BY id')).toEqual([
      { verdict: 'returned', reviewer_id: rev.personId, decided_number: returned.number },
      { verdict: 'approved', reviewer_id: rev.personId, decided_number: approved.number }
    ])
    expect(fileRows(t.file, 'SELECT number, status, stage FROM revisions WHERE clip_id = 1 AND number > 1 ORDER BY number')).toEqual([
      { number: 2, status: 'in_progress', stage: 'in_review' },
      { number: 3, status: 'in_progress', stage: 'returned' },
      { number: 4, status: 'in_progress', stage: 'returned' },
      { number: 5, status: 'in_progress', stage: 'returned' },
      { number: 6, status: 'in_progress', stage: 'in_review' },
      { number: 7, status: 'approved', stage: null }
    ])
    expect(await ask(host, rev.token, 'queue.next', { project })).toBeNull()
  })

  it("refuses a decision on a clip not in review, a stale base, an annotator's, one without a comment, and a reviewer's on their own submission", async () => {
    const { team: t, reviewers } = await startReviewTeam(3, 1)
    const [ann] = t.annotators
    const [rev] = reviewers
    const { host, project } = t
    const decision = (clipId: number, baseNumber: number) => ({ project, clipId, baseNumber, annotator: 'typed', comment: 'Fix the shot type.' })
    const notInReview = await postAs(host, rev.token, 'review.approve', decision(2, 1))
    expect(notInReview.status).toBe(409)
    expect(notInReview.body.error?.message).toContain('is not in review (it is in progress)')

    const sent = await save(t, ann.token, 1, 'approved')
    const stale = await postAs(host, rev.token, 'review.return', decision(1, sent.number - 1))
    expect(stale.status).toBe(409)
    expect(stale.body.error?.message).toContain('changed since you opened it')
    expect((await postAs(host, ann.token, 'review.approve', decision(1, sent.number))).status).toBe(403)
    const silent = await postAs(host, rev.token, 'review.return', { ...decision(1, sent.number), comment: '   ' })
    expect(silent.status).toBe(400)
    expect(silent.body.error?.message).toContain('a return needs a comment')

    // the annotator who sent it becomes a reviewer: still not theirs to decide; a lead's is
    await ask(host, t.lead, 'people.setRole', { project, personId: ann.personId, role: 'reviewer' })
    const own = await postAs(host, ann.token, 'review.approve', decision(1, sent.number))
    expect(own.status).toBe(409)
    expect(own.body.error?.message).toContain('You sent')
    expect(await ask(host, ann.token, 'queue.next', { project })).toBeNull()
    expect(await ask<Revision>(host, t.lead, 'review.approve', decision(1, sent.number))).toMatchObject({ status: 'approved', annotator: 'Lena' })
    expect((await detail(t, rev.token, 1)).review).toMatchObject({ state: 'approved', reviewer: 'Lena', comment: null })
    // nothing was stored by the refusals
    expect(fileRows(t.file, 'SELECT count(*) AS n FROM revisions WHERE clip_id = 1')).toEqual([{ n: sent.number + 1 }])
  })

  it('keeps the review states out of bulk changes and plain saves, and leaves done as approved with the stage off', async () => {
    const { team: t } = await startReviewTeam(4, 1)
    const [ann] = t.annotators
    const { host, project } = t
    const bulk = await postAs(host, t.lead, 'clips.bulkStatus', { project, ids: [1, 2], status: 'returned', annotator: 'typed' })
    expect(bulk.status).toBe(400)
    expect(bulk.body.error?.message).toContain('a bulk change cannot send clips to review')
    const forced = await postAs(host, ann.token, 'captions.save', {
      project,
      clipId: 2,
      caption: (await detail(t, ann.token, 2)).revision!.caption,
      status: 'in_review',
      annotator: 'typed',
      baseNumber: 1
    })
    expect(forced.status).toBe(400)
    expect(forced.body.error?.message).toContain('save it with status approved')
    // a lead's done approves at once, and a bulk change ends a clip's review
    expect((await save(t, t.lead, 2, 'approved')).status).toBe('approved')
    await save(t, ann.token, 1, 'approved')
    expect(await ask(host, t.lead, 'clips.bulkStatus', { project, ids: [1], status: 'in_progress', annotator: 'typed' })).toEqual({ changed: 1 })
    expect((await detail(t, ann.token, 1)).clip.status).toBe('in_progress')

    // a lead's done on a clip in review is the approval that closes it
    await save(t, ann.token, 3, 'approved')
    const leadDone = await save(t, t.lead, 3, 'approved')
    expect(leadDone.status).toBe('approved')
    expect((await detail(t, ann.token, 3)).review).toMatchObject({ state: 'approved', reviewer: 'Lena', decidedNumber: leadDone.number })
    const review = await postAs(host, ann.token, 'queue.next', { project, mode: 'review' })
    expect(review.status).toBe(403)
    expect(review.body.error?.message).toContain('The review queue is for reviewers and leads')

    await ask(host, t.lead, 'queue.saveSettings', { project, leaseSeconds: 900, reviewStage: false })
    expect((await save(t, ann.token, 4, 'approved')).status).toBe('approved')
    expect((await detail(t, ann.token, 4)).review).toBeNull()
  })

  it('never gives one clip in review to two reviewers pressing N at once, nor to an annotator', async () => {
    const { team: t, reviewers } = await startReviewTeam(30, 12, 8)
    const { host, project } = t
    // each annotator sends one clip to review
    await Promise.all(
      t.annotators.map(async (a) => {
        const lease = await ask<Lease>(host, a.token, 'queue.next', { project })
        await save(t, a.token, lease.clipId, 'approved')
      })
    )
    const inReview = fileRows<{ id: number }>(t.file, "SELECT id FROM clips WHERE state = 'in_review' ORDER BY id").map((r) => r.id)
    expect(inReview).toHaveLength(12)
    const [reviewed, annotated] = await Promise.all([
      Promise.all(reviewers.map((r) => ask<Lease>(host, r.token, 'queue.next', { project }))),
      Promise.all(t.annotators.map((a) => ask<Lease>(host, a.token, 'queue.next', { project })))
    ])
    const reviewClips = reviewed.map((l) => l.clipId)
    expect(new Set(reviewClips).size).toBe(8)
    for (const id of reviewClips) expect(inReview).toContain(id)
    for (const lease of annotated) expect(inReview).not.toContain(lease.clipId)
    expect(new Set([...reviewClips, ...annotated.map((l) => l.clipId)]).size).toBe(20)
  })
})
