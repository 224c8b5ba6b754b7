import { describe, expect, it } from 'vitest'
import { mediaPath, parseMediaPath, type MediaResource } from '../../src/shared/media'

// Two projects' ids: the same clip id in each is a different resource.
const P = '0123456789abcdef'
const Q = 'fedcba9876543210'

describe('media resource paths (src/shared/media.ts)', () => {
  it('formats the two kinds, in their project', () => {
    expect(mediaPath({ kind: 'clip', project: P, clipId: 12 })).toBe(`/media/${P}/12`)
    expect(mediaPath({ kind: 'filmstrip', project: P, clipId: 12, slot: 3 })).toBe(`/media/${P}/12/filmstrip/3.jpg`)
    expect(mediaPath({ kind: 'clip', project: Q, clipId: 12 })).not.toBe(mediaPath({ kind: 'clip', project: P, clipId: 12 }))
  })

  it('reads back every resource it formats', () => {
    const resources: MediaResource[] = [
      { kind: 'clip', project: P, clipId: 1 },
      { kind: 'clip', project: Q, clipId: 1 },
      { kind: 'clip', project: P, clipId: 907 },
      { kind: 'clip', project: P, clipId: Number.MAX_SAFE_INTEGER },
      ...Array.from({ length: 16 }, (_, slot): MediaResource => ({ kind: 'filmstrip', project: Q, clipId: 42, slot })),
      { kind: 'filmstrip', project: P, clipId: Number.MAX_SAFE_INTEGER, slot: 15 }
    ]
    for (const resource of resources) expect(parseMediaPath(mediaPath(resource)), mediaPath(resource)).toEqual(resource)
  })

  it('rejects every other path', () => {
    const malformed = [
      '',
      '/',
      '/media',
      '/media/',
      `/media/${P}`,
      `/media/${P}/`,
      `media/${P}/12`,
      `//media/${P}/12`,
      `/Media/${P}/12`,
      `/other/${P}/12`,
      `/media/${P}/0`,
      `/media/${P}/012`,
      `/media/${P}/-1`,
      `/media/${P}/+1`,
      `/media/${P}/1.5`,
      `/media/${P}/1e3`,
      `/media/${P}/0x1f`,
      `/media/${P}/ 12`,
      `/media/${P}/abc`,
      `/media/${P}/12/`,
      `/media/${P}/12//`,
      `/media/${P}/12?p=abc`,
      `/media/${P}/12#x`,
      `/media/${P}/%31%32`,
      `/media/${P}/9007199254740992`,
      `/media/${P}/99999999999999999`,
      `/media/${P}/12/extra`,
      `/media/${P}/12/filmstrip`,
      `/media/${P}/12/filmstrip/`,
      `/media/${P}/12/filmstrip/16.jpg`,
      `/media/${P}/12/filmstrip/-1.jpg`,
      `/media/${P}/12/filmstrip/03.jpg`,
      `/media/${P}/12/filmstrip/3`,
      `/media/${P}/12/filmstrip/3.JPG`,
      `/media/${P}/12/filmstrip/3.png`,
      `/media/${P}/12/filmstrip/3.jpg.jpg`,
      `/media/${P}/12/filmstrip/3.jpg/`,
      `/media/${P}/12/filmstrip/3.jpg/x`,
      `/media/${P}/12/Filmstrip/3.jpg`,
      `/media/${P}/12/frames/3.jpg`,
      `/media/${P}/0/filmstrip/3.jpg`,
      `/media/${P}/12/filmstrip/../../secret.txt`,
      `/media/${P}/12/../13`,
      `/media/${P}/12/filmstrip/%33.jpg`,
      `/api/media/${P}/12`,
      // the project segment: missing, wrong length, not lower-case hex, escaped, or a path
      '/media/12',
      '/media/12/filmstrip/3.jpg',
      `/media//12`,
      `/media/${P.slice(1)}/12`,
      `/media/${P}0/12`,
      `/media/${P.toUpperCase()}/12`,
      `/media/0123456789abcdeg/12`,
      `/media/${P.slice(0, 15)}%66/12`,
      `/media/../${P}/12`,
      `/media/${P}/${Q}/12`
    ]
    for (const path of malformed) expect(parseMediaPath(path), path).toBeNull()
  })

  it('refuses to format an id or slot out of range', () => {
    const bad: MediaResource[] = [
      { kind: 'clip', project: P, clipId: 0 },
      { kind: 'clip', project: P, clipId: -3 },
      { kind: 'clip', project: P, clipId: 1.5 },
      { kind: 'clip', project: P, clipId: Number.NaN },
      { kind: 'clip', project: P, clipId: Number.MAX_SAFE_INTEGER + 1 },
      { kind: 'filmstrip', project: P, clipId: 0, slot: 0 },
      { kind: 'filmstrip', project: P, clipId: 12, slot: 16 },
      { kind: 'filmstrip', project: P, clipId: 12, slot: -1 },
      { kind: 'filmstrip', project: P, clipId: 12, slot: 2.5 }
    ]
    for (const resource of bad) expect(() => mediaPath(resource), JSON.stringify(resource)).toThrow(/clip id|filmstrip slot/)
  })

  it('refuses to format a resource without a valid project id', () => {
    const bad: MediaResource[] = [
      { kind: 'clip', project: '', clipId: 12 },
      { kind: 'clip', project: P.slice(1), clipId: 12 },
      { kind: 'clip', project: `${P}0`, clipId: 12 },
      { kind: 'clip', project: P.toUpperCase(), clipId: 12 },
      { kind: 'clip', project: '/projects/a.sqlite', clipId: 12 },
      { kind: 'filmstrip', project: '../0123456789abc', clipId: 12, slot: 3 },
      { kind: 'filmstrip', project: undefined as unknown as string, clipId: 12, slot: 3 }
    ]
    for (const resource of bad) expect(() => mediaPath(resource), JSON.stringify(resource)).toThrow(/project must be a project id/)
  })
})
