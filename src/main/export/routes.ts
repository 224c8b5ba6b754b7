import type { exportApi } from '../../shared/api/export'
import type { RouteHandlers } from '../router'
import type { ExportService } from './exportService'

export function exportRoutes(exports: ExportService): RouteHandlers<keyof typeof exportApi> {
  return {
    'export.count': (filters) => exports.count(filters),
    'export.run': (input) => exports.run(input),
    'export.cancel': ({ id }) => exports.cancel(id)
  }
}
