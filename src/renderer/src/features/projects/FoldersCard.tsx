import { useEffect, useState } from 'react'
import type { RouteOutput } from '../../../../shared/contract'
import { api } from '../../api'

type Info = RouteOutput<'app.info'>

/** Where this host keeps its files (docs/desktop.md): the same folders for the desktop app, serve and the CLI. */
export function FoldersCard() {
  const [info, setInfo] = useState<Info | null>(null)

  useEffect(() => {
    // the screen works without it: a failure only leaves the card out
    api.request('app.info', {}).then(setInfo, () => setInfo(null))
  }, [])

  if (!info) return null
  const rows: [string, string][] = [
    ['Projects and settings', info.dataDir],
    ['Models', info.modelsDir],
    ['Caches', info.cacheDir]
  ]
  return (
    <section className="card" aria-label="Where the studio keeps its files">
      <h2>Where the studio keeps its files</h2>
      <dl>
        {rows.map(([label, dir]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="muted path">{dir}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
