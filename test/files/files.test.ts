import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudioApp } from '../../src/main/app'
import { FilesService } from '../../src/main/files/filesService'
import { Roots, defaultRoots } from '../../src/main/roots/roots'
import { ApiError } from '../../src/shared/errors'
import { call, fail } from '../helpers/dispatch'
import { scratch } from '../helpers/temp'

const fresh = scratch('skycap-files-')

/** A media root with folders, clips, a CSV, dotfiles and links in and out; a folder beside it that must stay unseen. */
function layout() {
  const base = fs.realpathSync(fresh())
  const media = path.join(base, 'media')
  const outside = path.join(base, 'outside')
  fs.mkdirSync(path.join(media, 'sub', 'deeper'), { recursive: true })
  fs.mkdirSync(path.join(media, '.git'))
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'secret.csv'), 'path\n/etc/shadow\n')
  for (const name of ['10.mp4', '2.mp4', 'clips.csv', 'UPPER.CSV', '.env']) fs.writeFileSync(path.join(media, name), name)
  fs.symlinkSync(outside, path.join(media, 'out-link'))
  fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(media, 'secret-link.csv'))
  fs.symlinkSync(path.join(media, 'sub'), path.join(media, 'in-link'))
  const roots = new Roots({ ...defaultRoots(base), media: [media] })
  return { base, media, outside, roots, files: new FilesService(roots) }
}

async function refused(run: () => Promise<unknown>): Promise<ApiError> {
  const err = await run().then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(ApiError)
  return err as ApiError
}

describe('files.list service on real folders', () => {
  it('lists the roots of a kind when given no folder', async () => {
    const { media, files } = layout()
    const listing = await files.list('media')
    expect(listing).toMatchObject({ path: null, parent: null, roots: [media], truncated: false })
    expect(listing.entries.map((e) => [e.name, e.type])).toEqual([[media, 'dir']])
  })

  it('lists a folder inside a root: folders first, names in natural order, hidden entries and links out of the root left out', async () => {
    const { media, files } = layout()
    const listing = await files.list('media', media)
    expect(listing.path).toBe(media)
    expect(listing.parent).toBeNull()
    expect(listing.entries.map((e) => `${e.type}:${e.name}`)).toEqual([
      'dir:in-link',
      'dir:sub',
      'file:2.mp4',
      'file:10.mp4',
      'file:clips.csv',
      'file:UPPER.CSV'
    ])
    const clip = listing.entries.find((e) => e.name === '10.mp4')!
    expect(clip).toMatchObject({ path: path.join(media, '10.mp4'), size: '10.mp4'.length })
    expect(clip.mtime).toBe(Math.round(fs.statSync(path.join(media, '10.mp4')).mtimeMs))
  })

  it('filters files by extension in any case, and lists folders only for []', async () => {
    const { media, files } = layout()
    expect((await files.list('media', media, ['CSV'])).entries.map((e) => e.name)).toEqual(['in-link', 'sub', 'clips.csv', 'UPPER.CSV'])
    expect((await files.list('media', media, [])).entries.map((e) => e.name)).toEqual(['in-link', 'sub'])
  })

  it('gives the parent folder inside the root, and none at the root', async () => {
    const { media, files } = layout()
    expect((await files.list('media', path.join(media, 'sub', 'deeper'))).parent).toBe(path.join(media, 'sub'))
    expect((await files.list('media', path.join(media, 'sub'))).parent).toBe(media)
  })

  it('refuses folders outside the roots, .. escapes and links out, naming the roots and listing nothing', async () => {
    const { media, outside, files } = layout()
    for (const folder of ['/', '/etc', outside, path.join(media, '..'), path.join(media, 'sub/../../outside'), path.join(media, 'out-link')]) {
      const err = await refused(() => files.list('media', folder))
      expect(err.code, folder).toBe('forbidden')
      expect(err.message).toContain(`outside the media root (${media})`)
      expect(err.message).not.toContain('secret')
    }
  })

  it('keeps kinds apart: the models picker does not see the media root', async () => {
    const { media, files } = layout()
    expect((await refused(() => files.list('models', media))).code).toBe('forbidden')
  })

  it('caps the entries of a huge folder and says so', async () => {
    const { media, roots } = layout()
    const three = new FilesService(roots, 3)
    const capped = await three.list('media', media)
    expect(capped.entries).toHaveLength(3)
    expect(capped.truncated).toBe(true)
    // exactly at the cap is not truncated
    expect(await three.list('media', path.join(media, 'sub'))).toMatchObject({ truncated: false, entries: [{ name: 'deeper' }] })
  })

  it('says which folder is missing or not a folder, without reading it; a root not created yet is empty', async () => {
    const { base, media, files } = layout()
    const missing = await refused(() => files.list('media', path.join(media, 'gone')))
    expect([missing.code, missing.message]).toEqual(['not_found', 'Folder gone does not exist'])
    const notFolder = await refused(() => files.list('media', path.join(media, 'clips.csv')))
    expect([notFolder.code, notFolder.message]).toEqual(['invalid_input', 'clips.csv is a file, not a folder'])
    expect(await files.list('exports', path.join(base, 'exports'))).toMatchObject({ path: path.join(base, 'exports'), entries: [], truncated: false })
  })
})

describe('files.list through the real router', () => {
  const { base, media } = layout()
  const app = createStudioApp({ dataDir: path.join(base, 'data'), roots: { media: [media] } })
  afterAll(() => app.close())

  it('is a host route: it needs no project, and validates its input', async () => {
    const listing = await call(app, 'files.list', { kind: 'media', path: media, extensions: ['csv'] })
    expect(listing.entries.map((e) => e.name)).toEqual(['in-link', 'sub', 'clips.csv', 'UPPER.CSV'])
    expect((await fail(app, 'files.list', { kind: 'home' })).code).toBe('invalid_input')
    expect((await fail(app, 'files.list', { kind: 'media', extensions: ['.csv'] })).code).toBe('invalid_input')
    expect((await fail(app, 'files.list', { kind: 'media', path: '/etc' })).code).toBe('forbidden')
    // a NUL byte would make the file system call throw: it is bad input, not a server error
    expect((await fail(app, 'files.list', { kind: 'media', path: `${media}/\0` })).code).toBe('invalid_input')
  })
})
