import type { Caller } from '../../shared/api/people'
import { ONLINE_WINDOW_SECONDS } from '../../shared/api/team'
import type { Role } from '../../shared/roles'
import type { EventBus } from '../events'

interface Entry {
  project: string
  personId: number
  name: string
  role: Role
  /** Open event streams: a page of theirs is open. */
  streams: number
  lastSeen: number
  /** Their last request, while it keeps them online without a stream; cleared when their last stream closes. */
  lastRequest: number | null
  online: boolean
}

export interface PresentPerson {
  personId: number
  name: string
  role: Role
  streams: number
  lastSeenAt: string
}

type Person = Caller & { project: string; personId: number }
const isPerson = (caller: Caller): caller is Person => caller.kind === 'person' && caller.project !== undefined && caller.personId !== undefined

/**
 * Who of each project's people is online, in the host's memory (never in the project file): someone
 * with an open event stream, or a request in the last ONLINE_WINDOW_SECONDS. A page closing (its last
 * stream ends) takes its person offline at once. Each change is a 'team.presence' event naming the project.
 */
export class Presence {
  private entries = new Map<string, Entry>()

  constructor(
    private bus: EventBus,
    private now: () => number = Date.now
  ) {}

  /** A request made as `caller`. */
  seen(caller: Caller): void {
    const entry = this.entry(caller)
    if (!entry) return
    entry.lastSeen = entry.lastRequest = this.now()
    this.update(entry)
  }

  /** An event stream of `caller` opened; the returned function is called when it closes. */
  opened(caller: Caller): () => void {
    const entry = this.entry(caller)
    if (!entry) return () => undefined
    entry.streams++
    entry.lastSeen = this.now()
    this.update(entry)
    let closed = false
    return () => {
      if (closed) return
      closed = true
      entry.streams--
      entry.lastSeen = this.now()
      if (entry.streams === 0) entry.lastRequest = null
      this.update(entry)
    }
  }

  /** The project's people online now, by name. */
  online(project: string): PresentPerson[] {
    this.sweep()
    return [...this.entries.values()]
      .filter((e) => e.project === project && e.online)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => ({ personId: e.personId, name: e.name, role: e.role, streams: e.streams, lastSeenAt: new Date(e.lastSeen).toISOString() }))
  }

  /** Takes offline those whose last request is older than the window; the host calls it every few seconds. */
  sweep(): void {
    for (const entry of this.entries.values()) this.update(entry)
  }

  private entry(caller: Caller): Entry | null {
    if (!isPerson(caller)) return null
    const key = `${caller.project}/${caller.personId}`
    let entry = this.entries.get(key)
    if (!entry) {
      const fresh = { project: caller.project, personId: caller.personId, streams: 0, lastSeen: 0, lastRequest: null, online: false }
      this.entries.set(key, (entry = { ...fresh, name: caller.name ?? '', role: caller.role }))
    }
    // a rename or a role change shows from their next request on
    entry.name = caller.name ?? entry.name
    entry.role = caller.role
    return entry
  }

  private update(entry: Entry): void {
    const recent = entry.lastRequest !== null && this.now() - entry.lastRequest < ONLINE_WINDOW_SECONDS * 1000
    const online = entry.streams > 0 || recent
    if (online === entry.online) return
    entry.online = online
    const { project, personId, name, role } = entry
    this.bus.emit('team.presence', { project, personId, name, role, online })
  }
}
