import type { Prelabel } from '../../../../shared/contract'

/** The model pre-label as stored: where it came from, what did not parse, and its caption. */
export function PrelabelPanel({ prelabel }: { prelabel: Prelabel | null }) {
  if (!prelabel) return <p className="muted">No pre-label for this clip.</p>
  return (
    <section className="prelabel" aria-label="Pre-label">
      <h3>
        Pre-label{' '}
        <span className="muted">
          · {prelabel.source.kind} · {prelabel.source.label}
        </span>
      </h3>
      {prelabel.problems.length > 0 && (
        <ul className="issues" aria-label="Pre-label problems">
          {prelabel.problems.map((problem, i) => (
            <li key={i}>
              <code>{problem.path || '(caption)'}</code> {problem.message}
              {problem.original !== undefined && <span className="muted"> (was “{problem.original}”)</span>}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Pre-label caption</summary>
        <pre data-testid="prelabel-caption">{JSON.stringify(prelabel.caption, null, 2)}</pre>
      </details>
    </section>
  )
}
