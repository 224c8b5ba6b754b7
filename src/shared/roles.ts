// Which roles may call each route: the one table the router checks (docs/team.md).
// The operator (the host's own token, the desktop app) is a lead everywhere.
import type { Route } from './contract'

export const ROLES = ['lead', 'reviewer', 'annotator'] as const
export type Role = (typeof ROLES)[number]

const ALL = ROLES
const LEAD = ['lead'] as const
const REVIEW = ['lead', 'reviewer'] as const

/** A route without an entry fails to compile. */
export const ROUTE_ROLES = {
  'app.info': ALL,
  'people.me': ALL,
  // server paths and machine-wide settings: the lead's
  'project.list': LEAD,
  'project.create': LEAD,
  'project.open': LEAD,
  'files.list': LEAD,
  'engine.status': ALL,
  'models.catalog': LEAD,
  'models.hardware': LEAD,
  'models.fit': LEAD,
  'models.active': LEAD,
  'models.setActive': LEAD,
  'models.addLocal': LEAD,
  'models.download': LEAD,
  'models.remove': LEAD,
  'models.repos': LEAD,
  'models.setRepos': LEAD,
  'models.quantize': LEAD,
  'models.quantizeCancel': LEAD,
  'models.quantizeOptions': LEAD,
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
  'people.list': LEAD,
  'people.add': LEAD,
  'people.setRole': LEAD,
  'people.revoke': LEAD,
  'people.reissue': LEAD
} as const satisfies Record<Route, readonly Role[]>

/** Routes whose `annotator` is who acts: a person's own name replaces whatever the input says. */
export const ACTING_NAME_ROUTES = ['captions.save', 'clips.bulkStatus', 'fusion.save'] as const satisfies readonly Route[]

export function mayCall(route: Route, role: Role): boolean {
  return (ROUTE_ROLES[route] as readonly Role[]).includes(role)
}
