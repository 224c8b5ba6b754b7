import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ffmpegStaticBinary, resolveTools } from '../../src/main/media/tools'
import { tempDir } from '../helpers/temp'

/** Fake executables: this test is only about where the binaries are looked for. */
function fakeBin(dir: string, ...names: string[]): string {
  fs.mkdirSync(dir, { recursive: true })
  for (const name of names) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 })
  return dir
}

function layout() {
  const root = tempDir()
  return {
    onPath: fakeBin(path.join(root, 'path-bin'), 'ffmpeg', 'ffprobe'),
    fromEnv: fakeBin(path.join(root, 'env-bin'), 'ffmpeg', 'ffprobe'),
    fromSetting: fakeBin(path.join(root, 'setting-bin'), 'ffmpeg', 'ffprobe'),
    staticOnly: fakeBin(path.join(root, 'static-bin'), 'ffmpeg'),
    staticWithProbe: fakeBin(path.join(root, 'static2-bin'), 'ffmpeg', 'ffprobe'),
    empty: fakeBin(path.join(root, 'empty-bin'))
  }
}

const noStatic = () => null

describe('ffmpeg / ffprobe resolution', () => {
  it('finds both on PATH when nothing else is set', () => {
    const d = layout()
    const env = { PATH: [d.empty, d.onPath].join(path.delimiter) }
    expect(resolveTools({ env, ffmpegStatic: noStatic })).toEqual({
      ffmpeg: path.join(d.onPath, 'ffmpeg'),
      ffprobe: path.join(d.onPath, 'ffprobe'),
      source: 'PATH',
      problem: null
    })
  })

  it('lets FFMPEG_PATH / FFPROBE_PATH win over ffmpeg-static and PATH', () => {
    const d = layout()
    const env = {
      PATH: d.onPath,
      FFMPEG_PATH: path.join(d.fromEnv, 'ffmpeg'),
      FFPROBE_PATH: path.join(d.fromEnv, 'ffprobe')
    }
    const tools = resolveTools({ env, ffmpegStatic: () => path.join(d.staticOnly, 'ffmpeg') })
    expect(tools).toMatchObject({ ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH, source: 'env', problem: null })
  })

  it('lets an explicit setting win over the env vars', () => {
    const d = layout()
    const env = { PATH: d.onPath, FFMPEG_PATH: path.join(d.fromEnv, 'ffmpeg') }
    const tools = resolveTools({ env, ffmpegPath: path.join(d.fromSetting, 'ffmpeg'), ffmpegStatic: noStatic })
    expect(tools.ffmpeg).toBe(path.join(d.fromSetting, 'ffmpeg'))
    // No ffprobe setting or env: found beside the configured ffmpeg.
    expect(tools.ffprobe).toBe(path.join(d.fromSetting, 'ffprobe'))
    expect(tools.source).toBe('ffmpeg: setting, ffprobe: next to ffmpeg')
  })

  it('uses ffmpeg-static before PATH, with ffprobe beside it or else on PATH', () => {
    const d = layout()
    const env = { PATH: d.onPath }
    const withProbe = resolveTools({ env, ffmpegStatic: () => path.join(d.staticWithProbe, 'ffmpeg') })
    expect(withProbe.ffmpeg).toBe(path.join(d.staticWithProbe, 'ffmpeg'))
    expect(withProbe.ffprobe).toBe(path.join(d.staticWithProbe, 'ffprobe'))

    const without = resolveTools({ env, ffmpegStatic: () => path.join(d.staticOnly, 'ffmpeg') })
    expect(without).toMatchObject({
      ffmpeg: path.join(d.staticOnly, 'ffmpeg'),
      ffprobe: path.join(d.onPath, 'ffprobe'),
      source: 'ffmpeg: ffmpeg-static, ffprobe: PATH'
    })
  })

  it('says what to install or set when a tool is missing', () => {
    const d = layout()
    const tools = resolveTools({ env: { PATH: d.empty }, ffmpegStatic: noStatic })
    expect(tools.ffmpeg).toBeNull()
    expect(tools.ffprobe).toBeNull()
    expect(tools.source).toBeNull()
    expect(tools.problem).toMatch(/ffmpeg was not found\. Install ffmpeg \(Debian\/Ubuntu: apt install ffmpeg/)
    expect(tools.problem).toMatch(/set FFPROBE_PATH to the ffprobe executable/)
  })

  it('reports a wrong FFPROBE_PATH instead of silently using another ffprobe', () => {
    const d = layout()
    const env = { PATH: d.onPath, FFPROBE_PATH: path.join(d.empty, 'nope') }
    const tools = resolveTools({ env, ffmpegStatic: noStatic })
    expect(tools.ffmpeg).toBe(path.join(d.onPath, 'ffmpeg'))
    expect(tools.ffprobe).toBeNull()
    expect(tools.problem).toBe(`FFPROBE_PATH points to ${env.FFPROBE_PATH}, which is not an executable file`)
  })

  const staticInstalled = fs.existsSync(path.resolve(import.meta.dirname, '../../node_modules/ffmpeg-static/package.json'))
  it.skipIf(staticInstalled)('copes with the optional ffmpeg-static not being installed', () => {
    expect(ffmpegStaticBinary()).toBeNull()
  })
})
