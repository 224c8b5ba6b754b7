import path from 'node:path'
import type { ExportManifest } from '../../shared/output'
import { quantOf } from '../report/sources'
import type { ExportRecord } from './records'
import type { Split } from './split'

type Counts = Omit<ExportManifest['counts'], 'neutralizedCells'>
type SourceCount = ExportManifest['provenance']['prelabelSources'][number]

/** Counts for the manifest, gathered row by row: memory grows with the number of sources, not clips. */
export class ProvenanceTally {
  private totals: Counts = { clips: 0, train: 0, validation: 0, withT2v: 0, withI2v: 0, fromHuman: 0, fromPrelabel: 0 }
  private prelabels = new Map<string, SourceCount>()
  private fusion = new Map<string, SourceCount>()
  private annotators = new Map<string, number>()

  add(record: ExportRecord, split: Split | 'all'): void {
    const r = record.row
    const t = this.totals
    t.clips++
    if (split === 'validation') t.validation++
    else t.train++
    if (r.t2v !== null) t.withT2v++
    if (r.i2v !== null) t.withI2v++
    if (record.fromHuman) t.fromHuman++
    else t.fromPrelabel++
    if (r.annotator) this.annotators.set(r.annotator, (this.annotators.get(r.annotator) ?? 0) + 1)
    if (r.prelabel_source) {
      const model = r.prelabel_model ? path.basename(r.prelabel_model) : null
      bump(this.prelabels, r.prelabel_source, r.prelabel_kind ?? 'unknown', model)
    }
    const fusionLabels = new Set<string>()
    if (r.t2v !== null) fusionLabels.add(r.t2v_origin === 'human' ? 'human edit' : (r.t2v_source ?? 'unknown'))
    if (r.i2v !== null) fusionLabels.add(r.i2v_origin === 'human' ? 'human edit' : (r.i2v_source ?? 'unknown'))
    for (const label of fusionLabels) bump(this.fusion, label, label === 'human edit' ? 'human' : 'model', null)
  }

  counts(): Counts {
    return { ...this.totals }
  }

  provenance(): ExportManifest['provenance'] {
    const byCount = (a: { clips: number }, b: { clips: number }) => b.clips - a.clips
    return {
      prelabelSources: [...this.prelabels.values()].sort(byCount),
      fusionSources: [...this.fusion.values()].sort(byCount),
      annotators: [...this.annotators].map(([name, clips]) => ({ name, clips })).sort(byCount)
    }
  }
}

function bump(map: Map<string, SourceCount>, label: string, kind: string, model: string | null): void {
  const entry = map.get(label)
  if (entry) entry.clips++
  else map.set(label, { label, kind, model, quant: quantOf(model ?? label), clips: 1 })
}
