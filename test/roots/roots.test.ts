import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/shared/errors'
import { Roots, defaultRoots, realPathOf } from '../../src/main/roots/roots'
import { tempDir } from '../helpers/temp'

function layout() {
  const base = tempDir('skycap-roots-')
  const media = path.join(base, 'media')
  const outside = path.join(base, 'outside')
  fs.mkdirSync(path.join(media, 'sub'), { recursive: true })
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'secret.csv'), 'path\n/etc/shadow\n')
  const roots = new Roots({ ...defaultRoots(base), media: [media] })
  return { base, media, outside, roots }
}

describe('Roots', () => {
  it('accepts paths inside a root, also ones that do not exist yet', () => {
    const { media, roots } = layout()
    expect(roots.resolve('media', path.join(media, 'sub'))).toBe(realPathOf(path.join(media, 'sub')))
    expect(roots.resolve('media', path.join(media, 'new/deeper/clip.mp4'))).toBe(path.join(realPathOf(media), 'new/deeper/clip.mp4'))
    expect(roots.contains('media', media)).toBe(true)
  })

  it('refuses .. escapes, sibling prefixes and symlinks out of a root, naming the roots but not the content', () => {
    const { base, media, outside, roots } = layout()
    fs.mkdirSync(`${media}-evil`)
    fs.symlinkSync(outside, path.join(media, 'link'))
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(media, 'sub', 'list.csv'))
    for (const p of [
      path.join(media, '../outside/secret.csv'),
      `${media}-evil`,
      path.join(media, 'link/secret.csv'),
      path.join(media, 'sub/list.csv'),
      '/etc/shadow'
    ]) {
      let err: unknown
      try {
        roots.resolve('media', p)
      } catch (e) {
        err = e
      }
      expect(err, p).toBeInstanceOf(ApiError)
      expect((err as ApiError).code).toBe('forbidden')
      expect((err as ApiError).message).toContain(`outside the media root (${realPathOf(media)})`)
      expect((err as ApiError).message).not.toContain('/etc/shadow')
    }
    expect(roots.contains('exports', path.join(base, 'exports', 'a'))).toBe(true)
    expect(roots.contains('exports', path.join(base, 'projects', 'a'))).toBe(false)
  })

  it('grants what the user picked in a native dialog, and what is under it', () => {
    const { outside, roots } = layout()
    expect(roots.contains('media', path.join(outside, 'secret.csv'))).toBe(false)
    roots.grant(outside)
    expect(roots.resolve('media', path.join(outside, 'secret.csv'))).toBe(path.join(realPathOf(outside), 'secret.csv'))
  })

  it('refuses a path through a symlink loop as outside, with the same forbidden error, not a crash', () => {
    const { media, roots } = layout()
    fs.symlinkSync(path.join(media, 'loop-b'), path.join(media, 'loop-a'))
    fs.symlinkSync(path.join(media, 'loop-a'), path.join(media, 'loop-b'))
    expect(roots.inside('media', path.join(media, 'loop-a', 'clip.mp4'))).toBeNull()
    expect(() => roots.resolve('media', path.join(media, 'loop-a', 'clip.mp4'))).toThrow(/outside the media root/)
  })
})
