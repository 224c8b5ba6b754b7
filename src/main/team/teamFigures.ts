import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { StructuralCaption } from '../../shared/caption'
import type { HumanAgreementReport, PersonFigures } from '../../shared/api/team'
import { PairTally } from '../report/pairTally'
import type { OverlapPairRow } from '../store/teamRows'
import { ProjectSnapshot } from '../store/snapshot'
import { personFigures } from './personFigures'

export const HUMAN_REFERENCE =
  "Two annotators' latest approved blind labels of each overlap clip, compared with each other: neither is the reference, so the figures say how consistent people are, not who is right."

const parse = (json: string) => StructuralCaption.parse(JSON.parse(json))

/** Every overlap pair of the snapshot, parsed, yielding to the event loop now and then. */
async function eachPair(snapshot: ProjectSnapshot, visit: (row: OverlapPairRow, first: StructuralCaption, second: StructuralCaption) => void): Promise<void> {
  let seen = 0
  for (const row of snapshot.teamRows.overlapPairs()) {
    visit(row, parse(row.first), parse(row.second))
    if (++seen % 500 === 0) await yieldToLoop()
  }
}

/** report.humanAgreement: the model-vs-human statistics over pairs of annotators, plus kappa for the exact fields. */
export async function humanAgreementReport(projectFile: string): Promise<HumanAgreementReport> {
  const snapshot = new ProjectSnapshot(projectFile)
  const tally = new PairTally()
  const clips = new Set<number>()
  try {
    const overlapClips = snapshot.teamRows.overlapCount()
    await eachPair(snapshot, (row, first, second) => {
      clips.add(row.clip_id)
      tally.add(first, second)
    })
    const fields = tally.result()
    return { generatedAt: new Date().toISOString(), overlapClips, clips: clips.size, reference: HUMAN_REFERENCE, fields }
  } finally {
    snapshot.close()
  }
}

/** team.people: each person's figures, from one snapshot. */
export async function teamPeople(projectFile: string): Promise<PersonFigures[]> {
  const snapshot = new ProjectSnapshot(projectFile)
  try {
    const overlap = new Map<number, { clips: number; tally: PairTally }>()
    const of = (id: number) => overlap.get(id) ?? overlap.set(id, { clips: 0, tally: new PairTally() }).get(id)!
    await eachPair(snapshot, (row, first, second) => {
      for (const id of [row.first_id, row.second_id]) {
        const mine = of(id)
        mine.clips++
        mine.tally.add(first, second)
      }
    })
    const times = snapshot.teamRows.actionTimes()
    return snapshot.teamRows.people().map((p) => {
      const mine = overlap.get(p.id)
      return personFigures({
        personId: p.id,
        name: p.name,
        role: p.role,
        clipsDone: p.done,
        times: times.get(p.id) ?? [],
        approved: p.approved,
        returned: p.returned,
        overlap: { clips: mine?.clips ?? 0, ...(mine?.tally.exactEqual() ?? { n: 0, same: 0 }) }
      })
    })
  } finally {
    snapshot.close()
  }
}
