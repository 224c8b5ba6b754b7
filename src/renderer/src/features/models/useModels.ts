import { useCallback, useEffect, useState } from 'react'
import type { ActiveModel, Catalog, DownloadProgress, FitResult, Hardware } from '../../../../shared/models'
import { api, errorMessage } from '../../api'

export interface WhatIf {
  vramGb: string
  ramGb: string
  /** The CPU's memory bandwidth (GB/s) and compute (GFLOP/s) for the speed estimate */
  bandwidthGbs: string
  computeGflops: string
}

const number = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s))

/** Hardware, catalog, fit (for the what-if machine) and the active model, reloaded on change. */
export function useModels(whatIf: WhatIf) {
  const [hardware, setHardware] = useState<Hardware | null>(null)
  const [catalog, setCatalog] = useState<Catalog | null>(null)
  const [fit, setFit] = useState<FitResult | null>(null)
  const [active, setActive] = useState<ActiveModel | null>(null)
  const [downloads, setDownloads] = useState<Record<string, DownloadProgress>>({})
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    const offChanged = api.on('models.changed', reload)
    const offDownload = api.on('models.download', (p) => setDownloads((d) => ({ ...d, [p.file]: p })))
    return () => {
      offChanged()
      offDownload()
    }
  }, [reload])

  useEffect(() => {
    api.request('models.catalog', {}).then(setCatalog, (e: unknown) => setError(errorMessage(e)))
    api.request('models.active', {}).then(setActive, (e: unknown) => setError(errorMessage(e)))
  }, [version])

  useEffect(() => {
    const input = {
      vramGb: number(whatIf.vramGb),
      ramGb: number(whatIf.ramGb),
      bandwidthGbs: number(whatIf.bandwidthGbs) || undefined,
      computeGflops: number(whatIf.computeGflops) || undefined
    }
    api.request('models.fit', input).then(setFit, (e: unknown) => setError(errorMessage(e)))
  }, [version, whatIf.vramGb, whatIf.ramGb, whatIf.bandwidthGbs, whatIf.computeGflops])

  const refreshHardware = useCallback(
    (refresh: boolean) => {
      api.request('models.hardware', { refresh }).then(
        (hw) => {
          setHardware(hw)
          if (refresh) reload()
        },
        (e: unknown) => setError(errorMessage(e))
      )
    },
    [reload]
  )
  useEffect(() => refreshHardware(false), [refreshHardware])

  return { hardware, catalog, fit, active, downloads, error, setError, reload, refreshHardware }
}
