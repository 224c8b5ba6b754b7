import { useState } from 'react'
import type { ProjectInfo, RouteOutput } from '../../../../shared/contract'
import { api, errorMessage } from '../../api'

type Done = RouteOutput<'project.backup'>

/** Back up the open project now: an online copy, verified, into the exports folder (docs/team-hosting.md). */
export function BackupCard({ project }: { project: ProjectInfo }) {
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Done | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function backup(): Promise<void> {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      setDone(await api.request('project.backup', { project: project.id }))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-label="Back-up">
      <h2>Back-up</h2>
      <p className="muted">A verified copy of {project.name} in the exports folder; people can keep working while it is taken.</p>
      <button type="button" disabled={busy} onClick={() => void backup()}>
        {busy ? 'Backing up…' : 'Back up now'}
      </button>
      {done && (
        <p role="status">
          Backed up {done.rows.revisions ?? 0} revisions of {done.rows.clips ?? 0} clips ({Math.ceil(done.bytes / 1024)} KB), integrity checked:
          <br />
          <span className="muted path">{done.path}</span>
        </p>
      )}
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
    </section>
  )
}
