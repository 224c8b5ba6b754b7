import type { outputRoutes } from '../shared/output'
import type { EventBus } from './events'
import { ExportService } from './export/exportService'
import { FusionEngines } from './fusion/engines'
import { FusionService } from './fusion/fusionService'
import type { JobsService } from './jobs/jobsService'
import { agreementReport } from './report/agreement'
import type { Handlers } from './router'
import type { ProjectsService } from './services/projects'

/** Fusion, export and the agreement report: the output side of the studio, built once in the container. */
export interface OutputServices {
  fusion: FusionService
  exports: ExportService
  agreement(): ReturnType<typeof agreementReport>
  /** Unloads the in-process fusion model. */
  close(): Promise<void>
}

export function createOutputServices(deps: { projects: ProjectsService; bus: EventBus; jobs: JobsService; version: string }): OutputServices {
  const engines = new FusionEngines()
  return {
    fusion: new FusionService({ projects: deps.projects, bus: deps.bus, jobs: deps.jobs, engines }),
    exports: new ExportService(deps),
    agreement: () => agreementReport(deps.projects.require().file),
    close: () => engines.close()
  }
}

/** Route → service call for the routes of shared/output.ts; spread into the handler map. */
export function createOutputHandlers(output: OutputServices) {
  const { fusion, exports } = output
  return {
    'fusion.start': (input) => fusion.start(input),
    'fusion.get': ({ clipId }) => fusion.get(clipId),
    'fusion.save': (input) => fusion.save(input),
    'fusion.history': ({ clipId, task }) => fusion.history(clipId, task),
    'export.count': (filters) => exports.count(filters),
    'export.run': (input) => exports.run(input),
    'export.cancel': ({ id }) => exports.cancel(id),
    'report.agreement': () => output.agreement()
  } satisfies Pick<Handlers, keyof typeof outputRoutes>
}
