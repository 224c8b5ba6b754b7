import { ACTIVE_GAP_CAP_SECONDS, type PersonFigures } from '../../shared/api/team'
import type { Role } from '../../shared/roles'
import { wilson } from '../report/stats'

/** What is counted of one person's work; personFigures turns it into the table's figures. */
export interface PersonWork {
  personId: number
  name: string
  role: Role
  clipsDone: number
  /** Their action times in ms, ascending. */
  times: number[]
  /** Reviewer decisions on their submissions. */
  approved: number
  returned: number
  /** Over their overlap pairs: pairs, enum-field comparisons, and how many were equal. */
  overlap: { clips: number; n: number; same: number }
}

/** Sum of the gaps between consecutive actions, each at most `capSeconds`: a long pause counts as one capped gap. */
export function activeSeconds(times: number[], capSeconds = ACTIVE_GAP_CAP_SECONDS): number {
  let total = 0
  for (let i = 1; i < times.length; i++) total += Math.min(Math.max(0, times[i] - times[i - 1]) / 1000, capSeconds)
  return total
}

export function personFigures(work: PersonWork): PersonFigures {
  const active = activeSeconds(work.times)
  const decided = work.approved + work.returned
  return {
    personId: work.personId,
    name: work.name,
    role: work.role,
    clipsDone: work.clipsDone,
    activeSeconds: active,
    clipsPerActiveHour: active > 0 ? work.clipsDone / (active / 3600) : null,
    approved: { n: decided, share: wilson(work.approved, decided) },
    returned: { n: decided, share: wilson(work.returned, decided) },
    overlap: { clips: work.overlap.clips, n: work.overlap.n, share: wilson(work.overlap.same, work.overlap.n) }
  }
}
