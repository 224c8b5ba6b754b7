import type { JobInfo } from '../../../../shared/jobs'
import { baseName } from '../../lib/format'

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

type Props = { job: JobInfo; onAction: (action: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel') => void }

/** One job: a progress bar with rate and ETA, its controls, and what failed. */
export function JobProgress({ job, onAction }: Props) {
  const p = job.progress
  const finished = p.done + p.failed
  const active = job.state === 'running' || job.state === 'queued'
  return (
    <div className="job" data-testid={`job-${job.id}`} data-state={job.state}>
      <div className="progress">
        <progress
          aria-label={job.kind === 'fusion' ? 'Fusion progress' : job.kind === 'speed' ? 'Speed measurement progress' : 'Pre-label progress'}
          value={finished}
          max={p.total || 1}
        />
        <span data-testid="job-counts">
          {finished} / {p.total} · {p.failed} failed · {job.state}
          {active && p.clipsPerMinute ? ` · ${p.clipsPerMinute.toFixed(1)} clips/min` : ''}
          {active && p.etaSeconds != null ? ` · about ${duration(p.etaSeconds)} left` : ''}
        </span>
        {active && (
          <button type="button" className="small" onClick={() => onAction('jobs.pause')}>
            Pause
          </button>
        )}
        {(job.state === 'paused' || job.state === 'failed' || job.state === 'cancelled') && p.pending > 0 && (
          <button type="button" className="small" onClick={() => onAction('jobs.resume')}>
            Resume
          </button>
        )}
        {(active || job.state === 'paused') && (
          <button type="button" className="small danger" onClick={() => onAction('jobs.cancel')}>
            Cancel
          </button>
        )}
      </div>
      {job.error && <p className="error-text">Job stopped: {job.error}</p>}
      {job.failures.length > 0 && (
        <details>
          <summary>{p.failed} clip(s) failed</summary>
          <ul className="failures">
            {job.failures.map((f) => (
              <li key={f.clipId}>
                <strong>{baseName(f.path)}</strong>: {f.error}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
