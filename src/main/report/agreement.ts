import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { StructuralCaption, type Subject } from '../../shared/caption'
import type { AgreementReport, FieldAgreement, SourceAgreement } from '../../shared/output'
import type { AgreementPairRow } from '../store/agreementRows'
import { ProjectSnapshot } from '../store/snapshot'
import { normalizedEditDistance } from './editDistance'
import { describeSource, type SourceInfo } from './sources'
import { MeanAccumulator, wilson } from './stats'

type Caption = StructuralCaption

/** Fields in the order of the report; subject fields compare subjects aligned by index. */
const FIELDS: { field: string; kind: 'exact' | 'text'; clip?: (c: Caption) => string | number; subject?: (s: Subject) => string | boolean }[] = [
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

class FieldTally {
  n = 0
  same = 0
  distance = new MeanAccumulator()

  constructor(readonly kind: 'exact' | 'text') {}

  add(model: string | number | boolean, human: string | number | boolean): void {
    this.n++
    if (model === human) this.same++
    if (this.kind === 'text') this.distance.add(normalizedEditDistance(String(model), String(human)))
  }
}

export class SourceTally {
  clips = 0
  startedFrom = 0
  fields = FIELDS.map((f) => new FieldTally(f.kind))

  constructor(readonly info: SourceInfo) {}

  add(model: Caption, human: Caption, wasBase: boolean): void {
    this.clips++
    if (wasBase) this.startedFrom++
    FIELDS.forEach((f, i) => {
      if (f.clip) return this.fields[i].add(f.clip(model), f.clip(human))
      const pairs = Math.min(model.subjects.length, human.subjects.length)
      for (let k = 0; k < pairs; k++) this.fields[i].add(f.subject!(model.subjects[k]), f.subject!(human.subjects[k]))
    })
  }

  result(): SourceAgreement {
    const fields: FieldAgreement[] = FIELDS.map((f, i) => {
      const t = this.fields[i]
      return { field: f.field, kind: f.kind, n: t.n, agreement: wilson(t.same, t.n), editDistance: f.kind === 'text' ? t.distance.estimate() : null }
    })
    return { ...this.info, clips: this.clips, startedFrom: this.startedFrom, fields }
  }
}

/**
 * For each source (model file / quant / endpoint / imported CSV), its latest pre-label of each
 * approved clip against the approved caption. Reads from a snapshot on a connection of its own and
 * keeps only running totals, so project size does not matter for memory.
 */
export async function agreementReport(projectFile: string): Promise<AgreementReport> {
  const snapshot = new ProjectSnapshot(projectFile)
  const sources = new Map<string, SourceTally>()
  let approvedClips: number
  try {
    approvedClips = snapshot.agreementRows.approvedCount()
    let clipId = -1
    let human: Caption | null = null
    let baseId: number | null = null
    // latest pre-label per source label for the current clip
    let latest = new Map<string, AgreementPairRow>()
    const flush = () => {
      for (const [label, row] of latest) {
        let tally = sources.get(label)
        if (!tally) sources.set(label, (tally = new SourceTally(describeSource(row.source))))
        tally.add(parse(row.model), human!, row.prelabel_id === baseId)
      }
      latest = new Map()
    }
    let seen = 0
    for (const row of snapshot.agreementRows.pairs()) {
      if (row.clip_id !== clipId) {
        flush()
        clipId = row.clip_id
        human = parse(row.human)
        baseId = row.base_id
        if (++seen % 500 === 0) await yieldToLoop()
      }
      latest.set(describeSource(row.source).label, row)
    }
    flush()
  } finally {
    snapshot.close()
  }
  return {
    generatedAt: new Date().toISOString(),
    approvedClips,
    sources: [...sources.values()].map((s) => s.result()).sort((a, b) => b.clips - a.clips || a.label.localeCompare(b.label))
  }
}

function parse(json: string): Caption {
  return StructuralCaption.parse(JSON.parse(json))
}
