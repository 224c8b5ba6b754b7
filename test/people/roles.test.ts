// Every route of the contract, called through the real HTTP host as every kind of caller: allowed
// (anything but 403; an empty input may well be a 400) or refused (403) exactly as shared/roles.ts says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, isProjectRoute, type Route } from '../../src/shared/contract'
import { ROLES, ROUTE_ROLES, whoMayCall, type Role } from '../../src/shared/roles'
import { postAs, startTeam, type Team } from '../helpers/team'

const ROUTES = Object.keys(contract) as Route[]
/** Inputs that would do real work if accepted (an export of the project): made invalid, so an allowed call is a 400. */
const HARMLESS: Partial<Record<Route, object>> = { 'export.run': { id: 'not an id!' } }

let team: Team
const inputOf = (route: Route) => ({ ...(HARMLESS[route] ?? {}), ...(isProjectRoute(route) ? { project: team.project } : {}) })

beforeAll(async () => {
  team = await startTeam()
})
afterAll(() => team?.close())

describe('the role table', () => {
  it('has an entry for every route, naming only known roles', () => {
    for (const route of ROUTES) for (const role of ROUTE_ROLES[route]) expect(ROLES).toContain(role)
    expect(Object.keys(ROUTE_ROLES).sort()).toEqual([...ROUTES].sort())
  })

  it('keeps bulk actions and the people routes for leads', () => {
    for (const route of ['clips.bulkStatus', 'people.add', 'people.revoke', 'people.setRole', 'people.reissue'] as const)
      expect(ROUTE_ROLES[route]).toEqual(['lead'])
  })
})

describe.each(ROLES)('a %s of the project', (role: Role) => {
  it.each(ROUTES)('%s is allowed or refused as the table says', async (route) => {
    const answer = await postAs(team.host, team.tokens[role], route, inputOf(route))
    const allowed = (ROUTE_ROLES[route] as readonly Role[]).includes(role)
    if (allowed) {
      expect(answer.status, `${route}: ${answer.body.error?.message}`).not.toBe(403)
      expect(answer.status).not.toBe(401)
    } else {
      expect(answer.status).toBe(403)
      expect(answer.body.error?.code).toBe('forbidden')
      expect(answer.body.error?.message).toContain(route)
      expect(answer.body.error?.message).toContain(`${route} needs ${whoMayCall(route)}; you are signed in as`)
    }
  })
})

describe('the operator (the host token)', () => {
  it.each(ROUTES)('%s is allowed, as for a lead', async (route) => {
    const answer = await postAs(team.host, team.host.token, route, inputOf(route))
    expect(answer.status, `${route}: ${answer.body.error?.message}`).not.toBe(403)
    expect(answer.status).not.toBe(401)
  })
})

describe('a lead of another project on the same host', () => {
  it.each(ROUTES)("%s is refused on this project's data, and host routes follow the table", async (route) => {
    const answer = await postAs(team.host, team.tokens.otherLead, route, inputOf(route))
    const leadMay = (ROUTE_ROLES[route] as readonly Role[]).includes('lead')
    if (isProjectRoute(route) || !leadMay) expect(answer.status).toBe(403)
    else expect(answer.status, `${route}: ${answer.body.error?.message}`).not.toBe(403)
    if (isProjectRoute(route) && leadMay) expect(answer.body.error?.message).toContain('another project')
  })
})

describe('a revoked person', () => {
  // a revoked token is a wrong token: after the first few, the rate limit answers 429 instead of 401
  it.each(ROUTES)('%s is refused: the token no longer signs in', async (route) => {
    const answer = await postAs(team.host, team.tokens.revoked, route, inputOf(route))
    expect([401, 429]).toContain(answer.status)
    expect(answer.body.error?.code).toBe('unauthorized')
  })
})
