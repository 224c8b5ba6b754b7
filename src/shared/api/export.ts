import { z } from 'zod'
import { ExportFilters, ExportManifest, ExportProgress, ExportRun } from '../output'

/** Writing the reviewed dataset out. */
export const exportApi = {
  'export.count': { input: ExportFilters, output: z.object({ clips: z.number().int() }) },
  'export.run': { input: ExportRun, output: ExportManifest },
  'export.cancel': { input: z.object({ id: z.string() }), output: z.object({ cancelled: z.boolean() }) }
} as const

/** Project-scoped: the contract adds the project. */
export type ExportEvents = {
  'export.progress': ExportProgress
}
