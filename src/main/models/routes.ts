import type { ModelsService } from './modelsService'

/** The models.* routes; spread into the app's handler map (which checks them against the contract). */
export function modelHandlers(models: ModelsService) {
  return {
    'models.hardware': ({ refresh }: { refresh: boolean }) => models.hardware(refresh),
    'models.catalog': () => models.catalog(),
    'models.fit': (input: Parameters<ModelsService['fit']>[0]) => models.fit(input),
    'models.addLocal': ({ path, mmproj }: { path: string; mmproj?: string }) => models.addLocal(path, mmproj),
    'models.remove': ({ entryId, deleteFiles }: { entryId: string; deleteFiles: boolean }) => models.remove(entryId, deleteFiles),
    'models.download': ({ source, withMmproj }: { source: string; withMmproj: boolean }) => models.download(source, withMmproj),
    'models.setActive': (input: Parameters<ModelsService['setActive']>[0]) => models.setActive(input),
    'models.active': () => models.active(),
    'models.repos': () => models.repos(),
    'models.setRepos': ({ repos }: { repos: string[] }) => models.setRepos(repos)
  }
}
