import type { StructuralCaption, Subject } from '../../shared/caption'
import type { FieldAgreement } from '../../shared/output'
import { normalizedEditDistance } from './editDistance'
import { cohenKappa, MeanAccumulator, wilson } from './stats'

type Caption = StructuralCaption
type Value = string | number | boolean

/** Fields in the order of the report; subject fields compare subjects aligned by index. */
export const FIELDS: { field: string; kind: 'exact' | 'text'; clip?: (c: Caption) => Value; subject?: (s: Subject) => Value }[] = [
  { field: 'shot_type', kind: 'exact', clip: (c) => c.shot_type },
  { field: 'shot_angle', kind: 'exact', clip: (c) => c.shot_angle },
  { field: 'shot_position', kind: 'exact', clip: (c) => c.shot_position },
  { field: 'camera_motion', kind: 'text', clip: (c) => c.camera_motion },
  { field: 'subjects.count', kind: 'exact', clip: (c) => c.subjects.length },
  { field: 'subjects.TYPES.type', kind: 'exact', subject: (s) => s.TYPES.type },
  { field: 'subjects.TYPES.sub_type', kind: 'exact', subject: (s) => s.TYPES.sub_type },
  { field: 'subjects.is_main_subject', kind: 'exact', subject: (s) => s.is_main_subject },
  { field: 'subjects.appearance', kind: 'text', subject: (s) => s.appearance },
  { field: 'subjects.action', kind: 'text', subject: (s) => s.action },
  { field: 'subjects.expression', kind: 'text', subject: (s) => s.expression },
  { field: 'subjects.position', kind: 'text', subject: (s) => s.position },
  { field: 'environment', kind: 'text', clip: (c) => c.environment },
  { field: 'lighting', kind: 'text', clip: (c) => c.lighting }
]

const bump = (counts: Map<Value, number>, value: Value) => counts.set(value, (counts.get(value) ?? 0) + 1)

export class FieldTally {
  n = 0
  same = 0
  distance = new MeanAccumulator()
  // exact fields: how often each side gave each value, for Cohen's kappa
  private firstCounts = new Map<Value, number>()
  private secondCounts = new Map<Value, number>()

  constructor(readonly kind: 'exact' | 'text') {}

  add(first: Value, second: Value): void {
    this.n++
    if (first === second) this.same++
    if (this.kind === 'text') this.distance.add(normalizedEditDistance(String(first), String(second)))
    else {
      bump(this.firstCounts, first)
      bump(this.secondCounts, second)
    }
  }

  kappa() {
    return this.kind === 'exact' ? cohenKappa(this.same, this.n, this.firstCounts, this.secondCounts) : null
  }
}

/** Running per-field comparison of pairs of captions (model and human, or two humans). */
export class PairTally {
  fields = FIELDS.map((f) => new FieldTally(f.kind))

  add(first: Caption, second: Caption): void {
    FIELDS.forEach((f, i) => {
      if (f.clip) return this.fields[i].add(f.clip(first), f.clip(second))
      const pairs = Math.min(first.subjects.length, second.subjects.length)
      for (let k = 0; k < pairs; k++) this.fields[i].add(f.subject!(first.subjects[k]), f.subject!(second.subjects[k]))
    })
  }

  /** exact: share equal and Cohen's kappa; text: share unchanged and mean edit distance. */
  result(): FieldAgreement[] {
    return FIELDS.map((f, i) => {
      const t = this.fields[i]
      const editDistance = f.kind === 'text' ? t.distance.estimate() : null
      return { field: f.field, kind: f.kind, n: t.n, agreement: wilson(t.same, t.n), editDistance, kappa: t.kappa() }
    })
  }

  /** Over the exact (enum) fields only: comparisons made, and how many were equal. */
  exactEqual(): { n: number; same: number } {
    const exact = this.fields.filter((t) => t.kind === 'exact')
    return { n: exact.reduce((s, t) => s + t.n, 0), same: exact.reduce((s, t) => s + t.same, 0) }
  }
}
