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
  /** Names the project in media URLs, so the browser's own caches (by URL) tell projects apart. */
  readonly tag: string

  constructor(
    readonly project: string,
    private readonly urls: MediaUrls
  ) {
    this.tag = tagOf(project)
  }

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
   * The clip's video. Chromium reuses media data and decoded images by URL within a page, even
   * for no-cache responses, and /media/<id> is by clip id alone: without the tag, clip 1 of the
   * new project plays (and its filmstrip shows) clip 1 of the previous one.
   */
  mediaUrl(clipId: number): string {
    return withTag(this.urls.mediaUrl(clipId), this.tag)
  }

  filmstripUrl(clipId: number, slot: number): string {
    return withTag(this.urls.filmstripUrl(clipId, slot), this.tag)
  }
}

/** The API client's media URLs (by clip id only: the host has one project open at a time). */
export interface MediaUrls {
  mediaUrl(clipId: number): string
  filmstripUrl(clipId: number, slot: number): string
}

/** A short stable name for a project path (FNV-1a), the same on every visit so cached files stay usable. */
export function tagOf(project: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < project.length; i++) hash = Math.imul(hash ^ project.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

function withTag(url: string, tag: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}p=${tag}`
}

let current: ProjectScope | null = null

/**
 * The scope of the project at this path: the same object for as long as it stays open (a render
 * may call this again, e.g. React's development double render); another path closes the old scope.
 */
export function scopeFor(project: string, urls: MediaUrls): ProjectScope {
  if (current?.project !== project) {
    current?.close()
    current = new ProjectScope(project, urls)
  }
  return current
}
