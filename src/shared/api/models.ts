import { z } from 'zod'
import { QuantizeInput, QuantizeOptions, type QuantizeProgress } from '../quantize'
import { ActiveModel, Catalog, CatalogEntry, DownloadInput, FitInput, FitResult, Hardware, type DownloadProgress } from '../models'

const empty = z.object({}).strict()

/** The model catalog, downloads and the active model: about the machine, not a project. */
export const modelsApi = {
  'models.hardware': { input: z.object({ refresh: z.boolean().default(false) }), output: Hardware },
  'models.catalog': { input: empty, output: Catalog },
  'models.fit': { input: FitInput, output: FitResult },
  'models.addLocal': {
    input: z.object({ path: z.string().min(1), mmproj: z.string().min(1).optional() }),
    output: CatalogEntry
  },
  'models.remove': {
    input: z.object({ entryId: z.string().min(1), deleteFiles: z.boolean().default(false) }),
    output: z.object({ removed: z.boolean() })
  },
  'models.download': { input: DownloadInput, output: CatalogEntry },
  'models.setActive': {
    input: z.object({
      entryId: z.string().min(1),
      contextPerSlot: z.number().int().min(2048).max(131072).optional(),
      parallel: z.number().int().min(1).max(16).optional(),
      gpuLayers: z.union([z.number().int().min(0), z.literal('auto')]).optional()
    }),
    output: ActiveModel
  },
  'models.active': { input: empty, output: ActiveModel.nullable() },
  'models.repos': { input: empty, output: z.array(z.string()) },
  'models.setRepos': {
    input: z.object({ repos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name')).max(50) }),
    output: z.array(z.string())
  },
  'models.quantizeOptions': { input: z.object({ blocks: z.number().int().min(1).max(1000).optional() }), output: QuantizeOptions },
  'models.quantize': { input: QuantizeInput, output: CatalogEntry },
  'models.quantizeCancel': { input: empty, output: z.object({ cancelled: z.boolean() }) }
} as const

export type ModelEvents = {
  'models.download': DownloadProgress
  'models.changed': { reason: string }
  'models.quantize': QuantizeProgress
}
