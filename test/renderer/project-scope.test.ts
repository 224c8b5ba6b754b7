import { describe, expect, it } from 'vitest'
import type { EventName, Events, Route } from '../../src/shared/contract'
import { ProjectScope, scopeFor, type ProjectClient, type StoreKind } from '../../src/renderer/src/lib/projectScope'

const A = 'aaaaaaaaaaaaaaaa'
const B = 'bbbbbbbbbbbbbbbb'

/** An in-memory API client: records each request and lets a test push events to its listeners. */
function recordingClient() {
  const requests: { route: Route; input: unknown }[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const client: ProjectClient & {
    requests: typeof requests
    emit<E extends EventName>(event: E, payload: Events[E]): void
    listening(event: EventName): number
  } = {
    requests,
    async request(route, input) {
      requests.push({ route, input })
      return { echoed: input } as never
    },
    on(event, cb) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const listener = cb as (payload: unknown) => void
      set.add(listener)
      return () => void set.delete(listener)
    },
    emit: (event, payload) => listeners.get(event)?.forEach((cb) => cb(payload)),
    listening: (event) => listeners.get(event)?.size ?? 0,
    mediaUrl: (project, clipId) => `/media/${project}/${clipId}?token=t`,
    filmstripUrl: (project, clipId, slot) => `media://studio/media/${project}/${clipId}/filmstrip/${slot}.jpg`
  }
  return client
}

/** A store kind that counts what it made and closed, as the video pool releases its elements. */
function countingKind(): StoreKind<Map<number, string>> & { made: number; closed: Map<number, string>[] } {
  const kind = {
    made: 0,
    closed: [] as Map<number, string>[],
    make: () => {
      kind.made++
      return new Map<number, string>()
    },
    close: (store: Map<number, string>) => void kind.closed.push(store)
  }
  return kind
}

describe('project scope: every renderer cache is per project', () => {
  it('gives one store per kind within a project, and separate stores in another project', () => {
    const kind = countingKind()
    const client = recordingClient()
    const a = new ProjectScope(A, client)
    const b = new ProjectScope(B, client)
    a.store(kind).set(1, 'clip 1 of A')
    expect(a.store(kind).get(1)).toBe('clip 1 of A')
    expect(b.store(kind).get(1)).toBeUndefined()
    expect(kind.made).toBe(2)
  })

  it('closing drops every store and lets each go; a closed scope keeps nothing', () => {
    const kind = countingKind()
    const scope = new ProjectScope(A, recordingClient())
    const store = scope.store(kind)
    store.set(1, 'kept')
    scope.close()
    expect(scope.closed).toBe(true)
    expect(kind.closed).toEqual([store])
    // A late callback of the closed project writes into a throwaway store, already let go.
    scope.store(kind).set(2, 'late')
    expect(scope.store(kind).size).toBe(0)
    expect(kind.closed).toHaveLength(3)
    scope.close()
    expect(kind.closed).toHaveLength(3)
  })

  it('scopeFor keeps the scope while the project stays, and closes it when another project opens', () => {
    const client = recordingClient()
    const first = scopeFor(A, client)
    expect(scopeFor(A, client)).toBe(first)
    const second = scopeFor(B, client)
    expect(second).not.toBe(first)
    expect(first.closed).toBe(true)
    expect(second.closed).toBe(false)
    // Coming back to A starts afresh: nothing of the first visit is reachable.
    const again = scopeFor(A, client)
    expect(again).not.toBe(first)
    expect(second.closed).toBe(true)
  })
})

describe('project scope: requests, events and media name the scope project', () => {
  it('sends every request with its own project id beside the input, leaving the input as given', async () => {
    const client = recordingClient()
    const a = new ProjectScope(A, client)
    const b = new ProjectScope(B, client)
    const input = { id: 7 }
    await a.request('clips.get', input)
    await b.request('clips.get', { id: 7 })
    await a.request('clips.counts', {})
    expect(client.requests).toEqual([
      { route: 'clips.get', input: { id: 7, project: A } },
      { route: 'clips.get', input: { id: 7, project: B } },
      { route: 'clips.counts', input: { project: A } }
    ])
    expect(input).toEqual({ id: 7 })
    // The client's answer comes back as it is.
    expect(await a.request('clips.get', { id: 3 })).toEqual({ echoed: { id: 3, project: A } })
  })

  it('an input cannot name another project: the scope project wins', async () => {
    const client = recordingClient()
    await new ProjectScope(A, client).request('clips.get', { id: 1, project: B } as { id: number })
    expect(client.requests[0].input).toEqual({ id: 1, project: A })
  })

  it('passes on only the events of its own project, and stops on unsubscribe', () => {
    const client = recordingClient()
    const seenA: unknown[] = []
    const seenB: unknown[] = []
    const offA = new ProjectScope(A, client).on('clips.changed', (payload) => seenA.push(payload))
    new ProjectScope(B, client).on('clips.changed', (payload) => seenB.push(payload))
    client.emit('clips.changed', { ids: [1], project: A })
    client.emit('clips.changed', { ids: 'all', project: B })
    client.emit('clips.changed', { ids: [2], project: A })
    expect(seenA).toEqual([
      { ids: [1], project: A },
      { ids: [2], project: A }
    ])
    expect(seenB).toEqual([{ ids: 'all', project: B }])
    offA()
    expect(client.listening('clips.changed')).toBe(1)
    client.emit('clips.changed', { ids: [3], project: A })
    expect(seenA).toHaveLength(2)
  })

  it('media URLs carry the project id, the same on every visit, different between projects', () => {
    const client = recordingClient()
    const a = new ProjectScope(A, client)
    const b = new ProjectScope(B, client)
    expect(a.mediaUrl(1)).toBe(`/media/${A}/1?token=t`)
    expect(a.filmstripUrl(1, 3)).toBe(`media://studio/media/${A}/1/filmstrip/3.jpg`)
    expect(b.mediaUrl(1)).toBe(`/media/${B}/1?token=t`)
    expect(b.filmstripUrl(1, 3)).not.toBe(a.filmstripUrl(1, 3))
    expect(new ProjectScope(A, client).mediaUrl(1)).toBe(a.mediaUrl(1))
  })
})
