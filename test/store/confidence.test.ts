import { describe, expect, it } from 'vitest'
import type { PrelabelConfidence, TokenLogprob } from '../../src/shared/confidence'
import { packTokens, unpackTokens } from '../../src/main/store/confidence'
import { addClip, caption, MODEL, newStore } from '../helpers/library'

const TOKENS: TokenLogprob[] = [
  { token: '{"', logprob: -0.000012, top: [{ token: '{"', logprob: -0.000012 }] },
  {
    token: 'medium',
    logprob: -0.6931472,
    top: [
      { token: 'medium', logprob: -0.6931472 },
      { token: 'close', logprob: -1.0986123 }
    ]
  },
  { token: '_shot', logprob: -0.1, top: [] }
]

const scored = (min: number): PrelabelConfidence => ({
  status: 'scored',
  topK: 5,
  fields: [
    { path: 'shot_type', kind: 'enum', p: min, options: { medium_shot: min, close_up: 1 - min } },
    { path: 'subjects[1].action', kind: 'text', p: 0.8, min: 0.3, spans: [{ start: 4, end: 9, p: 0.3 }] }
  ],
  min
})

const clipConfidence = (store: ReturnType<typeof newStore>, clipId: number) =>
  store.db.prepare<[number], { confidence: number | null }>('SELECT confidence FROM clips WHERE id = ?').get(clipId)!.confidence

describe('pre-label confidence in the project file', () => {
  it('packs a token stream compactly and reads it back to 4 decimals', () => {
    const back = unpackTokens(packTokens(TOKENS), 'test tokens')
    expect(back.map((t) => t.token)).toEqual(['{"', 'medium', '_shot'])
    expect(back[1].logprob).toBe(-0.6931)
    expect(back[1].top).toEqual([
      { token: 'medium', logprob: -0.6931 },
      { token: 'close', logprob: -1.0986 }
    ])
    expect(packTokens(TOKENS).length).toBeLessThan(JSON.stringify(TOKENS).length)
  })

  it('stores confidence with its pre-label, returns it, and keeps the clip sort key on the latest pre-label', () => {
    const store = newStore()
    const clipId = addClip(store, 'a.mp4')
    const first = store.addPrelabel({
      clipId,
      rawText: '{}',
      caption: caption(),
      problems: [],
      source: MODEL,
      timings: {},
      confidence: scored(0.4),
      tokens: TOKENS
    })
    expect(store.prelabels.latest(clipId)?.confidence).toEqual(scored(0.4))
    expect(store.prelabels.confidence.tokens(first.id)?.map((t) => t.token)).toEqual(['{"', 'medium', '_shot'])
    expect(store.prelabels.confidence.storedBytes(first.id)).toBeGreaterThan(0)
    expect(clipConfidence(store, clipId)).toBe(0.4)

    const fieldRows = store.db.prepare('SELECT path, field, p FROM prelabel_field_confidence WHERE prelabel_id = ? ORDER BY path').all(first.id)
    expect(fieldRows).toEqual([
      { path: 'shot_type', field: 'shot_type', p: 0.4 },
      { path: 'subjects[1].action', field: 'subjects.action', p: 0.8 }
    ])

    // a newer pre-label without confidence clears the key; one with confidence sets it again
    store.addPrelabel({ clipId, rawText: '{}', caption: caption(), problems: [], source: MODEL, timings: {} })
    expect(clipConfidence(store, clipId)).toBeNull()
    expect(store.prelabels.latest(clipId)?.confidence).toBeUndefined()
    store.addPrelabel({
      clipId,
      rawText: '{}',
      caption: caption(),
      problems: [],
      source: MODEL,
      timings: {},
      confidence: { status: 'none', reason: 'engine returned no logprobs' }
    })
    expect(store.prelabels.latest(clipId)?.confidence).toEqual({ status: 'none', reason: 'engine returned no logprobs' })
    expect(clipConfidence(store, clipId)).toBeNull()
    store.addPrelabel({ clipId, rawText: '{}', caption: caption(), problems: [], source: MODEL, timings: {}, confidence: scored(0.9) })
    expect(clipConfidence(store, clipId)).toBe(0.9)
    // the first pre-label keeps its own confidence
    expect(store.prelabels.forClip(clipId)[0].confidence).toEqual(scored(0.4))
  })

  it('is append-only, like the pre-labels it belongs to', () => {
    const store = newStore()
    const clipId = addClip(store, 'b.mp4')
    const p = store.addPrelabel({ clipId, rawText: '{}', caption: caption(), problems: [], source: MODEL, timings: {}, confidence: scored(0.5) })
    expect(() => store.db.prepare('UPDATE prelabel_confidence SET min_p = 1 WHERE prelabel_id = ?').run(p.id)).toThrow(/append-only/)
    expect(() => store.db.prepare('DELETE FROM prelabel_confidence WHERE prelabel_id = ?').run(p.id)).toThrow(/append-only/)
  })
})
