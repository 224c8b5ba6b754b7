import { useEffect, useState } from 'react'
import type { PersonFigures } from '../../../../shared/api/team'
import { errorMessage } from '../../api'
import { pct } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'

const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`

/** Per person: clips done per active hour, review outcomes and agreement on overlap clips, each with its n. */
export function PersonFiguresTable() {
  const scope = useProjectScope()
  const [people, setPeople] = useState<PersonFigures[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    scope.request('team.people', {}).then(setPeople, (err: unknown) => setError(errorMessage(err)))
  }, [scope])
  if (error)
    return (
      <div role="alert" className="banner error">
        Cannot compute the per-person figures: {error}
      </div>
    )
  if (!people) return null
  return (
    <section aria-label="Per person">
      <h3>Per person</h3>
      <p className="muted">
        Active time: the gaps between a person’s consecutive saves, review decisions and lease takes, each counted up to five minutes. Review shares are of
        their submissions a reviewer decided; overlap agreement is the share of enum fields equal to the other annotator’s, over their blind overlap clips.
      </p>
      <table className="shootout-table" aria-label="Per-person figures">
        <thead>
          <tr>
            <th>Name</th>
            <th>Clips done</th>
            <th>Active</th>
            <th>Clips / active h</th>
            <th>Approved by review</th>
            <th>Returned</th>
            <th>Overlap agreement</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.personId} data-testid={`figures-${p.name}`}>
              <th scope="row">{p.name}</th>
              <td>{p.clipsDone}</td>
              <td>{hours(p.activeSeconds)}</td>
              <td>{p.clipsPerActiveHour === null ? '—' : p.clipsPerActiveHour.toFixed(1)}</td>
              <td>
                {pct(p.approved.share.value)} <span className="muted">(n {p.approved.n})</span>
              </td>
              <td>
                {pct(p.returned.share.value)} <span className="muted">(n {p.returned.n})</span>
              </td>
              <td>
                {pct(p.overlap.share.value)}{' '}
                <span className="muted">
                  (n {p.overlap.n}, {p.overlap.clips} clips)
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
