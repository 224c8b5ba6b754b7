import { z } from 'zod'
import { Estimate, FieldAgreement } from '../output'
import type { Role as RoleName } from '../roles'
import { Role } from './people'
import { Lease } from './queue'

export const HumanAgreementReport = z.object({
  generatedAt: z.string(),
  /** Clips chosen for blind overlap, and those of them with two approved blind labels (the ones compared). */
  overlapClips: z.number().int(),
  clips: z.number().int(),
  /** What is compared with what: said beside the figures. */
  reference: z.string(),
  fields: z.array(FieldAgreement)
})
export type HumanAgreementReport = z.infer<typeof HumanAgreementReport>

/** A share with how many it is out of. */
const Share = z.object({ n: z.number().int(), share: Estimate })

export const PersonFigures = z.object({
  personId: z.number().int(),
  name: z.string(),
  role: Role,
  /** Clips they approved or sent to review, and overlap clips with an approved blind label of theirs. */
  clipsDone: z.number().int(),
  /** Sum of the gaps between their consecutive saves and lease takes, each gap capped (see docs/team.md). */
  activeSeconds: z.number(),
  clipsPerActiveHour: z.number().nullable(),
  /** Of their submissions a reviewer decided on: the share approved and the share returned. */
  approved: Share,
  returned: Share,
  /** Enum fields equal to the other annotator's, over their overlap clips; `clips` is how many overlap pairs. */
  overlap: Share.extend({ clips: z.number().int() })
})
export type PersonFigures = z.infer<typeof PersonFigures>

export const OnlinePerson = z.object({
  personId: z.number().int(),
  name: z.string(),
  role: Role,
  /** Open event streams (pages); 0 when they are online by a recent request only. */
  streams: z.number().int(),
  lastSeenAt: z.string(),
  /** The clip they hold, if any. */
  lease: Lease.nullable()
})
export type OnlinePerson = z.infer<typeof OnlinePerson>

export const TeamLive = z.object({
  now: z.string(),
  online: z.array(OnlinePerson),
  leases: z.array(Lease),
  /** Live leases that end within EXPIRING_SOON_SECONDS. */
  expiringSoon: z.array(Lease)
})
export type TeamLive = z.infer<typeof TeamLive>

/** A request this recent keeps a person online without an open page. */
export const ONLINE_WINDOW_SECONDS = 60
export const EXPIRING_SOON_SECONDS = 120
/** A gap between two of a person's actions longer than this counts as this much active time. */
export const ACTIVE_GAP_CAP_SECONDS = 5 * 60

/** Agreement between annotators, per-person figures and who is online (docs/team.md). */
export const teamApi = {
  'report.humanAgreement': { input: z.object({}).strict(), output: HumanAgreementReport },
  'team.people': { input: z.object({}).strict(), output: z.array(PersonFigures) },
  'team.live': { input: z.object({}).strict(), output: TeamLive }
} as const

export type TeamEvents = {
  /** A person of the project came online or went offline. */
  'team.presence': { personId: number; name: string; role: RoleName; online: boolean }
}
