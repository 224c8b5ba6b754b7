import type { Prelabel } from '../../shared/contract'
import type { EngineConfig } from '../../shared/jobs'

/** What names a contender across jobs: its local model file, or its endpoints and served model. */
export function quantKey(engine: EngineConfig): string {
  if (engine.local) return `local:${engine.local.model}`
  const urls = engine.endpoints.map((e) => e.url).sort()
  const models = [...new Set(engine.endpoints.map((e) => e.model ?? ''))].sort()
  return `endpoints:${urls.join(',')}|${models.join(',')}`
}

/** A model pre-label this contender made: in a shoot-out (its key), or in a pre-label job on the same model file. */
export function madeBy(prelabel: Prelabel, engine: EngineConfig): boolean {
  if (prelabel.source.kind !== 'model') return false
  const details = prelabel.source.details
  if (details.shootoutKey === quantKey(engine)) return true
  return engine.local !== undefined && details.model === engine.local.model
}

/** The contender's latest pre-label among a clip's pre-labels (oldest first), or undefined. */
export function latestBy(prelabels: Prelabel[], engine: EngineConfig): Prelabel | undefined {
  for (let i = prelabels.length - 1; i >= 0; i--) if (madeBy(prelabels[i], engine)) return prelabels[i]
  return undefined
}
