import type { reportApi } from '../../shared/api/report'
import { calibrationReport } from '../confidence/calibrationReport'
import type { ProjectsService } from '../projects/projects'
import type { RouteHandlers } from '../router'
import { agreementReport } from './agreement'

export function reportRoutes(projects: ProjectsService): RouteHandlers<keyof typeof reportApi> {
  return {
    'report.agreement': () => agreementReport(projects.require().file),
    'report.calibration': ({ threshold }) => calibrationReport(projects.require().file, threshold)
  }
}
