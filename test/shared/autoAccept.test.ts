import { describe, expect, it } from 'vitest'
import { auditDraw, confidentPaths, isAuditClip } from '../../src/shared/autoAccept'
import type { PrelabelConfidence } from '../../src/shared/confidence'

const ids = Array.from({ length: 10_000 }, (_, i) => i + 1)

describe('the audit share of pre-accepted clips', () => {
  it('draws each clip once, in [0, 1), the same every time', () => {
    for (const id of ids.slice(0, 500)) {
      const u = auditDraw(id)
      expect(u).toBeGreaterThanOrEqual(0)
      expect(u).toBeLessThan(1)
      expect(auditDraw(id)).toBe(u)
    }
    // neighbouring ids do not draw alike
    expect(new Set(ids.slice(0, 500).map((id) => auditDraw(id).toFixed(6))).size).toBe(500)
  })

  it('audits about the share asked for: within 4 standard deviations of n * share', () => {
    for (const share of [0.05, 0.1, 0.5]) {
      const audited = ids.filter((id) => isAuditClip(id, share)).length
      const sd = Math.sqrt(ids.length * share * (1 - share))
      expect(Math.abs(audited - ids.length * share), `share ${share}: ${audited}`).toBeLessThan(4 * sd)
    }
    expect(ids.filter((id) => isAuditClip(id, 0))).toEqual([])
    expect(ids.filter((id) => isAuditClip(id, 1))).toEqual(ids)
  })

  it('keeps every audited clip when the share grows, and splits ids evenly across the range', () => {
    const at10 = ids.filter((id) => isAuditClip(id, 0.1))
    expect(at10.every((id) => isAuditClip(id, 0.2))).toBe(true)
    // each tenth of the draws holds about a tenth of the clips (no lump from the mixing)
    const deciles = Array.from({ length: 10 }, () => 0)
    for (const id of ids) deciles[Math.floor(auditDraw(id) * 10)]++
    for (const n of deciles) expect(Math.abs(n - 1000)).toBeLessThan(4 * Math.sqrt(900))
  })
})

describe('fields confident enough to start accepted', () => {
  const confidence: PrelabelConfidence = {
    status: 'scored',
    topK: 5,
    min: 0.4,
    fields: [
      { path: 'shot_type', kind: 'enum', p: 0.97 },
      { path: 'shot_angle', kind: 'enum', p: 0.9 },
      { path: 'lighting', kind: 'text', p: 0.95, min: 0.5 },
      { path: 'environment', kind: 'text', p: 0.96, min: 0.93 },
      { path: 'subjects[0].TYPES.type', kind: 'types', p: 0.4 },
      { path: 'subjects.count', kind: 'count', p: 0.99 }
    ]
  }

  it('takes fields at or above the threshold, a text only if its least likely token is too', () => {
    expect(confidentPaths(confidence, 0.9)).toEqual(['shot_type', 'shot_angle', 'environment', 'subjects.count'])
    expect(confidentPaths(confidence, 0.96)).toEqual(['shot_type', 'subjects.count'])
    expect(confidentPaths({ status: 'none', reason: 'no logprobs' }, 0.5)).toEqual([])
    expect(confidentPaths(undefined, 0.5)).toEqual([])
  })
})
