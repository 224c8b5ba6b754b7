import path from 'node:path'
import type { Caller } from '../../shared/api/people'
import type { Lease, QueueSettings } from '../../shared/api/queue'
import { ApiError } from '../../shared/errors'
import type { EventBus } from '../events'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import type { Holder, QueueMode } from '../store/leases'
import type { ClipFilterValues } from '../store/libraryFilter'
import type { ProjectStore } from '../store/project'

/** The work queue and its leases (docs/team.md, "The work queue and leases"). */
export class QueueService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus
  ) {}

  next(after: number | undefined, mode: QueueMode | undefined): Lease | null {
    const store = this.projects.require()
    const { now, until } = this.span(store)
    const settings = store.queueSettings.get()
    const caller = currentCaller()
    // annotators label overlap clips blind; the draw happens when one first takes a clip nobody started
    const blind =
      caller.kind === 'person' && caller.role === 'annotator'
        ? (clipId: number) => store.overlap.chooseIfShared(store.id, clipId, settings.overlapShare, now)
        : undefined
    const { lease, changed } = store.leases.next(holder(), after ?? null, now, until, { mode: modeOf(caller, mode), order: settings.order, blind })
    this.changed(store, changed)
    return lease
  }

  renew(clipId: number): Lease {
    const store = this.projects.require()
    const { now, until } = this.span(store)
    if (!store.leases.renew(holder(), clipId, now, until)) {
      const other = store.leases.get(clipId, now)
      const name = path.basename(store.clips.require(clipId).path)
      throw new ApiError(
        'conflict',
        other
          ? `${name} is held by ${other.name ?? 'the host operator'} now: your lease lapsed. Press N for another clip.`
          : `You hold no lease on ${name}: press N to take one.`
      )
    }
    this.changed(store, [clipId])
    return store.leases.get(clipId, now)!
  }

  release(clipId: number): { released: boolean } {
    const store = this.projects.require()
    const released = store.leases.release(holder(), clipId)
    if (released) this.changed(store, [clipId])
    return { released }
  }

  leases(): Lease[] {
    const store = this.projects.require()
    const now = new Date().toISOString()
    this.changed(store, store.leases.expire(now))
    return store.leases.list(now)
  }

  assign(chosen: { clipIds: number[] } | { filter: ClipFilterValues }, personId: number): { assigned: number } {
    const store = this.projects.require()
    this.person(store, personId)
    const ids = 'clipIds' in chosen ? chosen.clipIds : store.library.ids({ ...chosen.filter, sort: 'id', desc: false, limit: 100_000, offset: 0 })
    return { assigned: store.leases.assign(ids, personId, new Date().toISOString()) }
  }

  releaseAny(clipId: number): { released: boolean } {
    const store = this.projects.require()
    const released = store.leases.releaseAny(clipId)
    if (released) this.changed(store, [clipId])
    return { released }
  }

  reassign(clipId: number, personId: number): Lease {
    const store = this.projects.require()
    store.clips.require(clipId)
    this.person(store, personId)
    const { now, until } = this.span(store)
    this.changed(store, store.leases.grant(personId, clipId, now, until))
    return store.leases.get(clipId, now)!
  }

  settings(): QueueSettings {
    return this.projects.require().queueSettings.get()
  }

  saveSettings(settings: QueueSettings): QueueSettings {
    const store = this.projects.require()
    store.queueSettings.put(settings)
    return store.queueSettings.get()
  }

  /** A save by someone who does not hold the clip while another person does: refused, but a lead may override. */
  checkSave(store: ProjectStore, clipId: number): void {
    const caller = currentCaller()
    if (caller.role === 'lead') return
    const lease = store.leases.get(clipId, new Date().toISOString())
    if (lease && lease.personId !== holder()) {
      throw new ApiError(
        'conflict',
        `${lease.clipName} is held by ${lease.name ?? 'the host operator'} until ${lease.expiresAt}: only the holder (or a lead) can save it. Press N for a clip of your own.`,
        { heldBy: lease.name, expiresAt: lease.expiresAt }
      )
    }
  }

  private span(store: ProjectStore): { now: string; until: string } {
    const now = Date.now()
    return { now: new Date(now).toISOString(), until: new Date(now + store.queueSettings.get().leaseSeconds * 1000).toISOString() }
  }

  private person(store: ProjectStore, personId: number): void {
    const person = store.people.get(personId)
    if (!person || person.revokedAt) throw new ApiError('not_found', `No person ${personId} in this project (or their token was revoked)`)
  }

  private changed(store: ProjectStore, clipIds: number[]): void {
    if (clipIds.length) this.bus.emit('queue.changed', { project: store.id, clipIds: [...new Set(clipIds)] })
  }
}

/** Reviewers walk the clips in review unless they ask otherwise; a lead asks for it; annotators may not. */
function modeOf(caller: Caller, asked?: QueueMode): QueueMode {
  if (asked === 'review' && caller.role === 'annotator')
    throw new ApiError('forbidden', 'The review queue is for reviewers and leads: press N for your own clips.')
  return asked ?? (caller.role === 'reviewer' ? 'review' : 'annotate')
}

/** The caller's lease key: their person id, or null for the operator. */
export function holder(): Holder {
  const caller = currentCaller()
  return caller.kind === 'person' ? (caller.personId ?? null) : null
}
