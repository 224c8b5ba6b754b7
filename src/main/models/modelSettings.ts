// The model manager's part of settings.json: repositories, local files, the active model and
// the sha256 of model files (cached by path + size + mtime: hashing 15 GB takes a minute).
import { z } from 'zod'
import { ActiveModel, QuantRecipe } from '../../shared/models'
import { readSettings, writeSettings } from '../projects/settings'
import { DEFAULT_REPO } from './quants'

const LocalModel = z.object({ model: z.string(), mmproj: z.string().optional(), recipe: QuantRecipe.optional() })
export type LocalModel = z.infer<typeof LocalModel>
const HashEntry = z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string() })
export type HashEntry = z.infer<typeof HashEntry>

const ModelSettings = z.object({
  modelRepos: z.array(z.string()).catch([DEFAULT_REPO]).default([DEFAULT_REPO]),
  localModels: z.array(LocalModel).catch([]).default([]),
  activeModel: ActiveModel.nullable().catch(null).default(null),
  modelHashes: z.record(z.string(), HashEntry).catch({}).default({})
})
export type ModelSettings = z.infer<typeof ModelSettings>

/** Damaged keys fall back to defaults one by one, never stopping the studio. */
export function readModelSettings(dataDir: string): ModelSettings {
  return ModelSettings.parse(readSettings(dataDir))
}

export function writeModelSettings(dataDir: string, patch: Partial<ModelSettings>): void {
  writeSettings(dataDir, patch)
}
