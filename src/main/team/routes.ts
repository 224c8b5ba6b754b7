import type { teamApi } from '../../shared/api/team'
import type { RouteHandlers } from '../router'
import type { TeamService } from './teamService'

export function teamRoutes(team: TeamService): RouteHandlers<keyof typeof teamApi> {
  return {
    'report.humanAgreement': () => team.humanAgreement(),
    'team.people': () => team.people(),
    'team.live': () => team.live()
  }
}
