import type { modelsApi } from '../../shared/api/models'
import type { RouteHandlers } from '../router'
import type { ModelsService } from './modelsService'
import type { QuantizeService } from './quantizeService'

export function modelsRoutes(models: ModelsService, quantize: QuantizeService): RouteHandlers<keyof typeof modelsApi> {
  return {
    'models.hardware': ({ refresh }) => models.hardware(refresh),
    'models.catalog': () => models.catalog(),
    'models.fit': (input) => models.fit(input),
    'models.addLocal': ({ path, mmproj }) => models.addLocal(path, mmproj),
    'models.remove': ({ entryId, deleteFiles }) => models.remove(entryId, deleteFiles),
    'models.download': ({ source, withMmproj }) => models.download(source, withMmproj),
    'models.setActive': (input) => models.setActive(input),
    'models.active': () => models.active(),
    'models.repos': () => models.repos(),
    'models.setRepos': ({ repos }) => models.setRepos(repos),
    'models.quantizeOptions': ({ blocks }) => quantize.options(blocks),
    'models.quantize': (input) => quantize.quantize(input),
    'models.quantizeCancel': () => quantize.cancel()
  }
}
