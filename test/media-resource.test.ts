import { describe, expect, it } from 'vitest'
import { mediaPath, parseMediaPath, type MediaResource } from '../src/shared/media'

describe('media resource paths (src/shared/media.ts)', () => {
  it('formats the two kinds', () => {
    expect(mediaPath({ kind: 'clip', clipId: 12 })).toBe('/media/12')
    expect(mediaPath({ kind: 'filmstrip', clipId: 12, slot: 3 })).toBe('/media/12/filmstrip/3.jpg')
  })

  it('reads back every resource it formats', () => {
    const resources: MediaResource[] = [
      { kind: 'clip', clipId: 1 },
      { kind: 'clip', clipId: 907 },
      { kind: 'clip', clipId: Number.MAX_SAFE_INTEGER },
      ...Array.from({ length: 16 }, (_, slot): MediaResource => ({ kind: 'filmstrip', clipId: 42, slot })),
      { kind: 'filmstrip', clipId: Number.MAX_SAFE_INTEGER, slot: 15 }
    ]
    for (const resource of resources) expect(parseMediaPath(mediaPath(resource)), mediaPath(resource)).toEqual(resource)
  })

  it('rejects every other path', () => {
    const malformed = [
      '',
      '/',
      '/media',
      '/media/',
      'media/12',
      '//media/12',
      '/Media/12',
      '/other/12',
      '/media/0',
      '/media/012',
      '/media/-1',
      '/media/+1',
      '/media/1.5',
      '/media/1e3',
      '/media/0x1f',
      '/media/ 12',
      '/media/abc',
      '/media/12/',
      '/media/12//',
      '/media/12?p=abc',
      '/media/12#x',
      '/media/%31%32',
      '/media/9007199254740992',
      '/media/99999999999999999',
      '/media/12/extra',
      '/media/12/filmstrip',
      '/media/12/filmstrip/',
      '/media/12/filmstrip/16.jpg',
      '/media/12/filmstrip/-1.jpg',
      '/media/12/filmstrip/03.jpg',
      '/media/12/filmstrip/3',
      '/media/12/filmstrip/3.JPG',
      '/media/12/filmstrip/3.png',
      '/media/12/filmstrip/3.jpg.jpg',
      '/media/12/filmstrip/3.jpg/',
      '/media/12/filmstrip/3.jpg/x',
      '/media/12/Filmstrip/3.jpg',
      '/media/12/frames/3.jpg',
      '/media/0/filmstrip/3.jpg',
      '/media/12/filmstrip/../../secret.txt',
      '/media/12/../13',
      '/media/12/filmstrip/%33.jpg',
      '/api/media/12'
    ]
    for (const path of malformed) expect(parseMediaPath(path), path).toBeNull()
  })

  it('refuses to format an id or slot out of range', () => {
    const bad: MediaResource[] = [
      { kind: 'clip', clipId: 0 },
      { kind: 'clip', clipId: -3 },
      { kind: 'clip', clipId: 1.5 },
      { kind: 'clip', clipId: Number.NaN },
      { kind: 'clip', clipId: Number.MAX_SAFE_INTEGER + 1 },
      { kind: 'filmstrip', clipId: 0, slot: 0 },
      { kind: 'filmstrip', clipId: 12, slot: 16 },
      { kind: 'filmstrip', clipId: 12, slot: -1 },
      { kind: 'filmstrip', clipId: 12, slot: 2.5 }
    ]
    for (const resource of bad) expect(() => mediaPath(resource), JSON.stringify(resource)).toThrow(/clip id|filmstrip slot/)
  })
})
