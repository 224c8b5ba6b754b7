import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { StructuralCaption } from '../../shared/caption'
import type { AgreementReport, SourceAgreement } from '../../shared/output'
import type { AgreementPairRow } from '../store/agreementRows'
import { ProjectSnapshot } from '../store/snapshot'
import { PairTally } from './pairTally'
import { describeSource, type SourceInfo } from './sources'

type Caption = StructuralCaption

export class SourceTally {
  clips = 0
  startedFrom = 0
  pairs = new PairTally()

  constructor(readonly info: SourceInfo) {}

  add(model: Caption, human: Caption, wasBase: boolean): void {
    this.clips++
    if (wasBase) this.startedFrom++
    this.pairs.add(model, human)
  }

  result(): SourceAgreement {
    return { ...this.info, clips: this.clips, startedFrom: this.startedFrom, fields: this.pairs.result() }
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
