import type { RouteOutput } from '../../../../shared/contract'

type Folders = Pick<RouteOutput<'app.info'>, 'dataDir' | 'modelsDir' | 'cacheDir'>

/** Where this host keeps its files (docs/desktop.md): the same folders for the desktop app, serve and the CLI. */
export function FoldersCard({ info }: { info: Folders }) {
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
