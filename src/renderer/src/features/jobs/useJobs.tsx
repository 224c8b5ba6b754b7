import { useCallback, useEffect, useState } from 'react'
import type { JobInfo } from '../../../../shared/jobs'
import { errorMessage } from '../../api'
import { JobProgress } from './JobProgress'
import { useProjectScope } from '../../lib/projectContext'

type JobAction = 'jobs.pause' | 'jobs.resume' | 'jobs.cancel'

/** The newest `limit` jobs (of `kind`, or every kind), kept current from job.progress events. */
export function useJobs(limit: number, kind?: JobInfo['kind']) {
  const project = useProjectScope()
  const [jobs, setJobs] = useState<JobInfo[]>([])
  const [error, setError] = useState<string | null>(null)
  const upsert = useCallback(
    (job: JobInfo) => {
      if (kind && job.kind !== kind) return
      setJobs((list) => [job, ...list.filter((j) => j.id !== job.id)].sort((a, b) => b.id - a.id).slice(0, limit))
    },
    [kind, limit]
  )
  useEffect(() => {
    project.request('jobs.list', {}).then(
      (list) => list.forEach(upsert),
      (err: unknown) => setError(errorMessage(err))
    )
    return project.on('job.progress', upsert)
  }, [upsert])
  const act = (job: JobInfo) => (route: JobAction) => {
    project.request(route, { id: job.id }).then(upsert, (err: unknown) => setError(errorMessage(err)))
  }
  return { jobs, upsert, act, error, setError }
}

/** The error of the last action, then each job with its progress and pause/resume/cancel. */
export function JobList({ jobs, act, error }: Pick<ReturnType<typeof useJobs>, 'jobs' | 'act' | 'error'>) {
  return (
    <>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {jobs.map((job) => (
        <JobProgress key={job.id} job={job} onAction={act(job)} />
      ))}
    </>
  )
}
