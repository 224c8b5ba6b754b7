import { useCallback, useEffect, useState } from 'react'
import type { OverlapRow } from '../../../../shared/api/overlap'
import { errorMessage } from '../../api'
import { formatTimestamp } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import { useClipsChanged } from '../../lib/useClipsChanged'

const progress = (row: OverlapRow): string =>
  row.adjudicatedAt ? 'adjudicated' : row.approved === 2 ? 'ready to adjudicate' : `${row.approved} of 2 approved, ${row.labellers} labelling`

/** For leads and reviewers: every overlap clip with how far its two blind labels are; a ready one opens the adjudication. */
export function OverlapList({ onOpenClip }: { onOpenClip: (clipId: number) => void }) {
  const scope = useProjectScope()
  const [rows, setRows] = useState<OverlapRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reload = useCallback(
    () =>
      scope.request('overlap.list', {}).then(
        (found) => (setRows(found), setError(null)),
        (err: unknown) => setError(errorMessage(err))
      ),
    [scope]
  )
  useEffect(() => void reload(), [reload])
  // a blind save or an adjudication changes a clip: the table follows
  useClipsChanged(() => void reload())

  return (
    <section className="pad overlap-list" aria-label="Overlap clips">
      <h2>Overlap clips</h2>
      <p className="muted">Clips two annotators label blind (the overlap share is a team setting on the People screen).</p>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {rows && rows.length === 0 && <p className="muted">No overlap clip yet: clips join when an annotator first takes them with N.</p>}
      {rows && rows.length > 0 && (
        <table aria-label="Overlap clips and their progress">
          <thead>
            <tr>
              <th>Clip</th>
              <th>Labels</th>
              <th>Adjudicated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.clipId} data-testid={`overlap-${row.clipName}`}>
                <td>{row.clipName}</td>
                <td>{progress(row)}</td>
                <td>{row.adjudicatedAt ? `${row.adjudicatedBy ?? ''} ${formatTimestamp(row.adjudicatedAt)}` : '—'}</td>
                <td>
                  <button type="button" onClick={() => onOpenClip(row.clipId)}>
                    {row.approved === 2 && !row.adjudicatedAt ? 'Adjudicate' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
