import { describe, expect, it } from 'vitest'
import { ProjectScope, scopeFor, tagOf, type StoreKind } from '../src/renderer/src/lib/projectScope'

const urls = { mediaUrl: (id: number) => `/media/${id}?token=t`, filmstripUrl: (id: number, slot: number) => `media://studio/media/${id}/filmstrip/${slot}.jpg` }

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
    const a = new ProjectScope('/projects/a.skycap', urls)
    const b = new ProjectScope('/projects/b.skycap', urls)
    a.store(kind).set(1, 'clip 1 of A')
    expect(a.store(kind).get(1)).toBe('clip 1 of A')
    expect(b.store(kind).get(1)).toBeUndefined()
    expect(kind.made).toBe(2)
  })

  it('closing drops every store and lets each go; a closed scope keeps nothing', () => {
    const kind = countingKind()
    const scope = new ProjectScope('/projects/a.skycap', urls)
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

  it('scopeFor keeps the scope while the path stays, and closes it when another project opens', () => {
    const first = scopeFor('/projects/a.skycap', urls)
    expect(scopeFor('/projects/a.skycap', urls)).toBe(first)
    const second = scopeFor('/projects/b.skycap', urls)
    expect(second).not.toBe(first)
    expect(first.closed).toBe(true)
    expect(second.closed).toBe(false)
    // Coming back to A starts afresh: nothing of the first visit is reachable.
    const again = scopeFor('/projects/a.skycap', urls)
    expect(again).not.toBe(first)
    expect(second.closed).toBe(true)
  })

  it('media URLs name the project, the same on every visit, different between projects', () => {
    const a = new ProjectScope('/projects/a.skycap', urls)
    const b = new ProjectScope('/projects/b.skycap', urls)
    expect(a.mediaUrl(1)).toBe(`/media/1?token=t&p=${tagOf('/projects/a.skycap')}`)
    expect(a.filmstripUrl(1, 3)).toBe(`media://studio/media/1/filmstrip/3.jpg?p=${tagOf('/projects/a.skycap')}`)
    expect(b.mediaUrl(1)).not.toBe(a.mediaUrl(1))
    expect(new ProjectScope('/projects/a.skycap', urls).mediaUrl(1)).toBe(a.mediaUrl(1))
    expect(tagOf('/projects/a.skycap')).toMatch(/^[0-9a-z]+$/)
  })
})
