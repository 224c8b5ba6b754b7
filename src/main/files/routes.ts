import type { filesApi } from '../../shared/api/files'
import type { RouteHandlers } from '../router'
import type { FilesService } from './filesService'

export function filesRoutes(files: FilesService): RouteHandlers<keyof typeof filesApi> {
  return {
    'files.list': ({ kind, path, extensions }) => files.list(kind, path, extensions)
  }
}
