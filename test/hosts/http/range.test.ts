import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mediaType, parseRange, planMediaResponse } from '../../../src/main/hosts/range'
import { resolveStatic } from '../../../src/main/hosts/static'
import { tempDir } from '../../helpers/temp'

describe('Range header parsing', () => {
  it('reads single byte ranges, open ends and suffixes', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 })
  })

  it('flags ranges that cannot be satisfied', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable')
  })

  it('ignores what it does not understand, as RFC 9110 allows', () => {
    expect(parseRange(undefined, 1000)).toBeNull()
    expect(parseRange('bytes=-', 1000)).toBeNull()
    expect(parseRange('items=0-1', 1000)).toBeNull()
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull()
  })

  it('plans 200, 206 and 416 responses with the right headers', () => {
    expect(planMediaResponse('/a/clip.MP4', 10, null)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': '10' },
      span: { start: 0, end: 9 }
    })
    const partial = planMediaResponse('/a/clip.webm', 10, 'bytes=2-3')
    expect(partial.status).toBe(206)
    expect(partial.headers['Content-Range']).toBe('bytes 2-3/10')
    expect(partial.headers['Content-Length']).toBe('2')
    expect(planMediaResponse('/a/clip.mov', 10, 'bytes=10-').headers['Content-Range']).toBe('bytes */10')
    expect(planMediaResponse('/a/empty.mp4', 0, null).span).toBeUndefined()
    expect(mediaType('/a/b.unknown')).toBe('application/octet-stream')
  })
})

describe('static file resolution', () => {
  const root = tempDir('skycap-static-')
  mkdirSync(join(root, 'site/assets'), { recursive: true })
  writeFileSync(join(root, 'site/index.html'), 'index')
  writeFileSync(join(root, 'site/assets/a.js'), 'js')
  writeFileSync(join(root, 'outside.txt'), 'secret')
  const site = join(root, 'site')
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('finds files and falls back to index.html for client routes only', () => {
    expect(resolveStatic(site, '/')).toMatchObject({ file: join(site, 'index.html'), immutable: false })
    expect(resolveStatic(site, '/assets/a.js')).toMatchObject({ type: 'text/javascript; charset=utf-8', immutable: true })
    expect(resolveStatic(site, '/library')).toMatchObject({ file: join(site, 'index.html') })
    expect(resolveStatic(site, '/assets/b.js')).toBeNull()
  })

  it('refuses every way out of the folder', () => {
    for (const path of [
      '/../outside.txt',
      '/..%2foutside.txt',
      '/%2e%2e/outside.txt',
      '/assets/../../outside.txt',
      '/..%5coutside.txt',
      '/a%00b',
      '/%E0%A4%A'
    ]) {
      expect(resolveStatic(site, path), path).toBe('forbidden')
    }
    expect(resolveStatic(join(root, 'si'), '/../site/index.html')).toBe('forbidden')
  })
})
