import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { z } from 'zod'
import type { CalibrationGroup, CalibrationReport } from '../../shared/api/report'
import { StructuralCaption, type Subject } from '../../shared/caption'
import { CONFIDENCE_KINDS, FieldConfidence, fieldKey } from '../../shared/confidence'
import { describeSource } from '../report/sources'
import { readJson } from '../store/json'
import { ProjectSnapshot } from '../store/snapshot'
import { CalibrationTally } from './calibration'

type Caption = StructuralCaption
type Kind = (typeof CONFIDENCE_KINDS)[number]

const Fields = z.array(FieldConfidence)
const Paths = z.array(z.string())
const SUBJECT_FIELD = /^subjects\[(\d+)\]\.(.+)$/

function subjectValue(s: Subject, field: string): string | boolean | undefined {
  if (field === 'TYPES.type') return s.TYPES.type
  if (field === 'TYPES.sub_type') return s.TYPES.sub_type
  const value = (s as unknown as Record<string, unknown>)[field]
  return typeof value === 'string' || typeof value === 'boolean' ? value : undefined
}

/**
 * Whether the approved caption kept the pre-label's value at `path`: exact equality; for subjects.count the same
 * number of subjects. Subjects pair by index as in the agreement report; null when there is no pair to compare.
 */
export function keptAt(path: string, model: Caption, human: Caption): boolean | null {
  if (path === 'subjects.count') return model.subjects.length === human.subjects.length
  const subject = SUBJECT_FIELD.exec(path)
  if (subject) {
    const i = Number(subject[1])
    if (i >= model.subjects.length || i >= human.subjects.length) return null
    const m = subjectValue(model.subjects[i], subject[2])
    return m === undefined ? null : m === subjectValue(human.subjects[i], subject[2])
  }
  const m = (model as unknown as Record<string, unknown>)[path]
  return typeof m === 'string' ? m === (human as unknown as Record<string, unknown>)[path] : null
}

class GroupTally {
  all: CalibrationTally
  kinds = new Map<Kind, CalibrationTally>()
  fields = new Map<string, { kind: Kind; tally: CalibrationTally }>()

  constructor(
    readonly model: string,
    readonly quant: string | null,
    private threshold: number
  ) {
    this.all = new CalibrationTally(threshold)
  }

  add(clipId: number, kind: Kind, path: string, p: number, kept: boolean): void {
    this.all.add(clipId, p, kept)
    let byKind = this.kinds.get(kind)
    if (!byKind) this.kinds.set(kind, (byKind = new CalibrationTally(this.threshold)))
    byKind.add(clipId, p, kept)
    const key = fieldKey(path)
    let byField = this.fields.get(key)
    if (!byField) this.fields.set(key, (byField = { kind, tally: new CalibrationTally(this.threshold) }))
    byField.tally.add(clipId, p, kept)
  }

  result(): CalibrationGroup {
    const kindOrder = (k: Kind) => CONFIDENCE_KINDS.indexOf(k)
    return {
      model: this.model,
      quant: this.quant,
      ...this.all.result(),
      kinds: [...this.kinds].sort(([a], [b]) => kindOrder(a) - kindOrder(b)).map(([kind, t]) => ({ kind, ...t.result() })),
      perField: [...this.fields]
        .sort(([a, x], [b, y]) => kindOrder(x.kind) - kindOrder(y.kind) || a.localeCompare(b))
        .map(([field, { kind, tally }]) => ({ field, kind, ...tally.result() }))
    }
  }
}

/**
 * Per model and quant: confidence of each scored field of the pre-labels reviewers started from, against
 * whether their approved caption kept it. Reads a snapshot row by row and keeps running totals only.
 */
export async function calibrationReport(projectFile: string, threshold: number): Promise<CalibrationReport> {
  const snapshot = new ProjectSnapshot(projectFile)
  const groups = new Map<string, GroupTally>()
  let clips = 0
  let lastClip = -1
  try {
    for (const row of snapshot.calibrationRows.pairs()) {
      if (row.clip_id !== lastClip) {
        lastClip = row.clip_id
        if (++clips % 500 === 0) await yieldToLoop()
      }
      const info = describeSource(row.source)
      const name = info.model ?? info.label
      let group = groups.get(name)
      if (!group) groups.set(name, (group = new GroupTally(name, info.quant, threshold)))
      const model = readJson(StructuralCaption, row.model, `pre-label ${row.prelabel_id} caption`)
      const human = readJson(StructuralCaption, row.human, `approved caption of clip ${row.clip_id}`)
      // a field approved pre-accepted was never looked at: its "kept" says nothing about the model
      const unlooked = new Set(row.unlooked ? readJson(Paths, row.unlooked, `review record of clip ${row.clip_id}`) : [])
      for (const f of readJson(Fields, row.fields, `pre-label ${row.prelabel_id} confidence`)) {
        if (unlooked.has(f.path)) continue
        const kept = keptAt(f.path, model, human)
        if (kept !== null) group.add(row.clip_id, f.kind, f.path, f.p, kept)
      }
    }
  } finally {
    snapshot.close()
  }
  return {
    generatedAt: new Date().toISOString(),
    threshold,
    clips,
    groups: [...groups.values()].map((g) => g.result()).sort((a, b) => b.fields - a.fields || a.model.localeCompare(b.model))
  }
}
