import type { ApiClient, Events, OwnInput, ProjectEventName, ProjectRoute, RouteInput, RouteOutput } from '../../../shared/contract'

/**
 * What one store of a project scope is: how to make it (on first use) and how to let it go.
 * The kind object itself is the store's key within the scope.
 */
export interface StoreKind<T> {
  make: () => T
  close?: (store: T) => void
}

/**
 * Everything the renderer keeps for the open project: preloaded clip details, frame timings, undo
 * stacks, waiting <video> elements, TYPES suggestions. Clip ids restart at 1 in every project, so
 * a cache keyed by clip id alone answers for the wrong project after a switch. Here every cache
 * is a store of one project's scope, so its key is (project, store, clip id); opening another
 * project closes the scope, which drops what it holds, and a closed scope keeps nothing.
 *
 * Hand-written rather than TanStack Query: most of what is kept is not fetched data but undo
 * stacks and <video> elements, with hand-out-once and size rules of their own. A query library
 * would hold the fetched part only, and the rest would still need this scoping.
 */
export class ProjectScope {
  private readonly stores = new Map<StoreKind<unknown>, unknown>()
  private open = true

  constructor(
    /** The project's id, which every request, event and media URL of this scope names. */
    readonly project: string,
    private readonly client: ProjectClient
  ) {}

  get closed(): boolean {
    return !this.open
  }

  /** This project's store of that kind. Once the scope is closed, each call gets a fresh one that is not kept. */
  store<T>(kind: StoreKind<T>): T {
    if (this.stores.has(kind as StoreKind<unknown>)) return this.stores.get(kind as StoreKind<unknown>) as T
    const store = kind.make()
    if (this.open) this.stores.set(kind as StoreKind<unknown>, store)
    else kind.close?.(store)
    return store
  }

  close(): void {
    if (!this.open) return
    this.open = false
    for (const [kind, store] of this.stores) kind.close?.(store)
    this.stores.clear()
  }

  /**
   * A route about this project's data, sent with this project's id: a request made from this
   * page can only ever reach the project it shows, even if it lands after another was opened.
   */
  request<R extends ProjectRoute>(route: R, input: OwnInput<R>): Promise<RouteOutput<R>> {
    return this.client.request(route, { ...input, project: this.project } as RouteInput<R>)
  }

  /** This project's events only: other pages may work on other projects of the same host. */
  on<E extends ProjectEventName>(event: E, cb: (payload: Events[E]) => void): () => void {
    return this.client.on(event, (payload) => {
      if ((payload as { project?: string }).project === this.project) cb(payload)
    })
  }

  /** The clip's video. Its URL names the project: browsers reuse media data by URL within a page. */
  mediaUrl(clipId: number): string {
    return this.client.mediaUrl(this.project, clipId)
  }

  filmstripUrl(clipId: number, slot: number): string {
    return this.client.filmstripUrl(this.project, clipId, slot)
  }
}

/** What a scope needs of the API client. */
export type ProjectClient = Pick<ApiClient, 'request' | 'on' | 'mediaUrl' | 'filmstripUrl'>

let current: ProjectScope | null = null

/**
 * The scope of this project: the same object for as long as it stays open (a render may call
 * this again, e.g. React's development double render); another project closes the old scope.
 */
export function scopeFor(project: string, client: ProjectClient): ProjectScope {
  if (current?.project !== project) {
    current?.close()
    current = new ProjectScope(project, client)
  }
  return current
}
