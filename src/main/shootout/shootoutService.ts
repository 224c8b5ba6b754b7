import path from 'node:path'
import type { ShootoutStart } from '../../shared/api/shootout'
import { ApiError } from '../../shared/errors'
import type { JobInfo } from '../../shared/jobs'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import type { JobsService } from '../jobs/jobsService'
import type { ProjectsService } from '../projects/projects'
import type { Roots } from '../roots/roots'
import type { ProjectStore } from '../store/project'
import { shootoutReport } from './shootoutReport'

export interface ShootoutDeps {
  projects: ProjectsService
  jobs: JobsService
  policy: EndpointPolicy
  roots: Roots
}

/** Starts shoot-outs, reads their figures, and keeps the blind gold set. */
export class ShootoutService {
  constructor(private readonly deps: ShootoutDeps) {}

  async start(input: ShootoutStart): Promise<JobInfo> {
    for (const q of input.quants) {
      for (const endpoint of q.engine.endpoints) await this.deps.policy.admit(endpoint.url)
      // llama-server reads these files: only from the models folder
      const local = q.engine.local
      if (local) for (const file of [local.model, local.mmproj]) this.deps.roots.resolve('models', file)
    }
    const clipIds = this.sample(this.deps.projects.require(), input.sample)
    if (clipIds.length === 0)
      throw new ApiError('invalid_input', input.sample.kind === 'approved' ? 'No approved clip to compare the quants on' : 'No clips in the sample')
    return this.deps.jobs.startJob('shootout', { quants: input.quants, sample: input.sample, clipIds }, clipIds)
  }

  report() {
    return shootoutReport(this.deps.projects.require())
  }

  goldList(): number[] {
    return this.deps.projects.require().shootout.goldClips()
  }

  markGold(clipIds: number[], gold: boolean): number[] {
    const store = this.deps.projects.require()
    for (const id of clipIds) {
      const clip = store.clips.require(id)
      if (gold && store.shootout.anchored(id)) {
        throw new ApiError('conflict', `${path.basename(clip.path)} was already annotated from a pre-label, so it cannot be a blind gold clip`)
      }
    }
    return store.shootout.markGold(clipIds, gold)
  }

  private sample(store: ProjectStore, sample: ShootoutStart['sample']): number[] {
    if (sample.kind === 'approved') return store.shootout.approvedSample(sample.limit)
    if (sample.kind === 'stratified') return store.shootout.stratifiedSample(sample.perStratum)
    return sample.clipIds
  }
}
