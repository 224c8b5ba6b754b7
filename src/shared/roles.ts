// Which roles of a project's people may call each route: the one table the router checks (docs/team.md).
// The operator (the host's own token, the desktop app) may call every route; an empty entry is theirs alone.
import type { Route } from './contract'

export const ROLES = ['lead', 'reviewer', 'annotator'] as const
export type Role = (typeof ROLES)[number]

const ALL = ROLES
const LEAD = ['lead'] as const
const REVIEW = ['lead', 'reviewer'] as const
/** The host's own projects and models: not any one project's people's. */
const OPERATOR = [] as const

/** A route without an entry fails to compile. */
export const ROUTE_ROLES = {
  'app.info': ALL,
  'people.me': ALL,
  // other projects' files and the host's models: the operator's; reading them, a lead's too
  'project.list': OPERATOR,
  'project.create': OPERATOR,
  'project.open': OPERATOR,
  'files.list': LEAD,
  'engine.status': ALL,
  'models.catalog': LEAD,
  'models.hardware': LEAD,
  'models.fit': LEAD,
  'models.active': LEAD,
  'models.repos': LEAD,
  'models.quantizeOptions': LEAD,
  'models.setActive': OPERATOR,
  'models.addLocal': OPERATOR,
  'models.download': OPERATOR,
  'models.remove': OPERATOR,
  'models.setRepos': OPERATOR,
  'models.quantize': OPERATOR,
  'models.quantizeCancel': OPERATOR,
  // reading and labelling clips: everyone
  'clips.list': ALL,
  'clips.ids': ALL,
  'clips.counts': ALL,
  'clips.facets': ALL,
  'clips.get': ALL,
  'clips.byPath': ALL,
  'captions.save': ALL,
  'captions.history': ALL,
  'captions.typeSuggestions': ALL,
  'media.frames': ALL,
  'clips.neighbors': ALL,
  'review.settings': ALL,
  'fusion.get': ALL,
  'fusion.save': ALL,
  'fusion.history': ALL,
  'jobs.list': ALL,
  // changing many clips, starting work on the host, writing server files: the lead's
  'clips.import': LEAD,
  'clips.bulkStatus': LEAD,
  'prelabel.start': LEAD,
  'jobs.pause': LEAD,
  'jobs.resume': LEAD,
  'jobs.cancel': LEAD,
  'fusion.start': LEAD,
  'export.count': LEAD,
  'export.run': LEAD,
  'export.cancel': LEAD,
  'speed.list': LEAD,
  'speed.measure': LEAD,
  'shootout.start': LEAD,
  'shootout.report': REVIEW,
  'gold.list': REVIEW,
  'gold.mark': LEAD,
  'report.agreement': REVIEW,
  'report.calibration': REVIEW,
  'review.saveSettings': LEAD,
  'project.backup': LEAD,
  'people.list': LEAD,
  'people.add': LEAD,
  'people.setRole': LEAD,
  'people.revoke': LEAD,
  'people.reissue': LEAD,
  // the work queue: everyone takes, renews and sees leases; assigning and ending others' leases is the lead's
  'queue.next': ALL,
  'queue.renew': ALL,
  'queue.release': ALL,
  'queue.leases': ALL,
  'queue.settings': ALL,
  'queue.assign': LEAD,
  'queue.releaseAny': LEAD,
  'queue.reassign': LEAD,
  'queue.saveSettings': LEAD,
  // agreement between annotators and the per-person table are for leads and reviewers; who is online, everyone's
  'report.humanAgreement': REVIEW,
  'team.people': REVIEW,
  'team.live': ALL
} as const satisfies Record<Route, readonly Role[]>

/** Routes whose `annotator` is who acts: a person's own name replaces whatever the input says. */
export const ACTING_NAME_ROUTES = ['captions.save', 'clips.bulkStatus', 'fusion.save'] as const satisfies readonly Route[]

export function mayCall(route: Route, caller: { kind: 'operator' | 'person'; role: Role }): boolean {
  return caller.kind === 'operator' || (ROUTE_ROLES[route] as readonly Role[]).includes(caller.role)
}

/** Who may call a route, in words for a refusal. */
export function whoMayCall(route: Route): string {
  const roles: readonly Role[] = ROUTE_ROLES[route]
  return roles.length ? `the role ${roles.join(' or ')}` : "the host's operator (its own token)"
}
