// The model manager's part of settings.json: repositories, local files and the active model
// (the sha256 of model files is cached in the cache folder: hashes.ts).
import { z } from 'zod'
import { ActiveModel, QuantRecipe } from '../../shared/models'
import { readSettings, writeSettings } from '../projects/settings'
import { DEFAULT_REPO } from './quants'

const LocalModel = z.object({ model: z.string(), mmproj: z.string().optional(), recipe: QuantRecipe.optional() })
export type LocalModel = z.infer<typeof LocalModel>

const ModelSettings = z.object({
  modelRepos: z.array(z.string()).catch([DEFAULT_REPO]).default([DEFAULT_REPO]),
  localModels: z.array(LocalModel).catch([]).default([]),
  activeModel: ActiveModel.nullable().catch(null).default(null)
})
export type ModelSettings = z.infer<typeof ModelSettings>

/** Damaged keys fall back to defaults one by one, never stopping the studio. */
export function readModelSettings(dataDir: string): ModelSettings {
  return ModelSettings.parse(readSettings(dataDir))
}

export function writeModelSettings(dataDir: string, patch: Partial<ModelSettings>): void {
  writeSettings(dataDir, patch)
}
