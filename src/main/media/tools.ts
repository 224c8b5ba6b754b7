import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ToolStatus } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { bundledBinary, currentRuntime, type Runtime } from '../resources'

export interface ToolOptions {
  /** Explicit settings win over everything else. */
  ffmpegPath?: string
  ffprobePath?: string
  env?: NodeJS.ProcessEnv
  /** Where ffmpeg-static's binary is, if installed; injectable for tests. */
  ffmpegStatic?: () => string | null
  /** Packaged or not; a packaged app ships its ffprobe (ffmpeg-static has none). */
  runtime?: Runtime
}

type Source = 'setting' | 'env' | 'ffmpeg-static' | 'bundled' | 'next to ffmpeg' | 'PATH'
interface Found {
  file: string | null
  source: Source | null
  /** Set when a configured path is wrong: we do not silently fall back past the user's choice. */
  problem: string | null
}

const INSTALL_HINT = 'Install ffmpeg (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg)'

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** ffmpeg-static is an optional dependency whose download may have failed at install. */
export function ffmpegStaticBinary(): string | null {
  try {
    const require = createRequire(import.meta.url)
    const binary: unknown = require('ffmpeg-static')
    if (typeof binary !== 'string') return null
    // Inside a packaged app the binary is unpacked next to the archive, not inside it.
    const unpacked = binary.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`)
    return isExecutableFile(unpacked) ? unpacked : null
  } catch {
    return null
  }
}

/** Looks through PATH ourselves; `.exe` is tried too so the same code works on Windows. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)
  for (const dir of dirs) {
    for (const candidate of [name, `${name}.exe`]) {
      const file = path.join(dir, candidate)
      if (isExecutableFile(file)) return file
    }
  }
  return null
}

function configured(file: string, source: 'setting' | 'env', label: string): Found {
  if (isExecutableFile(file)) return { file, source, problem: null }
  return { file: null, source: null, problem: `${label} points to ${file}, which is not an executable file` }
}

function resolveFfmpeg(opts: ToolOptions, env: NodeJS.ProcessEnv, staticBinary: string | null): Found {
  if (opts.ffmpegPath) return configured(opts.ffmpegPath, 'setting', 'The ffmpeg setting')
  if (env.FFMPEG_PATH) return configured(env.FFMPEG_PATH, 'env', 'FFMPEG_PATH')
  if (staticBinary) return { file: staticBinary, source: 'ffmpeg-static', problem: null }
  const onPath = findOnPath('ffmpeg', env)
  return { file: onPath, source: onPath ? 'PATH' : null, problem: null }
}

function resolveFfprobe(opts: ToolOptions, env: NodeJS.ProcessEnv, ffmpeg: Found): Found {
  if (opts.ffprobePath) return configured(opts.ffprobePath, 'setting', 'The ffprobe setting')
  if (env.FFPROBE_PATH) return configured(env.FFPROBE_PATH, 'env', 'FFPROBE_PATH')
  const bundled = bundledBinary('ffprobe', opts.runtime ?? currentRuntime())
  if (bundled && isExecutableFile(bundled)) return { file: bundled, source: 'bundled', problem: null }
  // ffmpeg-static ships no ffprobe, but whoever put an ffmpeg somewhere often put ffprobe beside it.
  if (ffmpeg.file && ffmpeg.source !== 'PATH') {
    for (const name of ['ffprobe', 'ffprobe.exe']) {
      const beside = path.join(path.dirname(ffmpeg.file), name)
      if (isExecutableFile(beside)) return { file: beside, source: 'next to ffmpeg', problem: null }
    }
  }
  const onPath = findOnPath('ffprobe', env)
  return { file: onPath, source: onPath ? 'PATH' : null, problem: null }
}

/** The path of ffmpeg or ffprobe, or an ffmpeg_missing error saying why it was not found. */
export function requireTool(status: ToolStatus, name: 'ffmpeg' | 'ffprobe'): string {
  const file = status[name]
  if (!file) throw new ApiError('ffmpeg_missing', status.problem ?? `${name} not found`)
  return file
}

/** Order: explicit setting → FFMPEG_PATH / FFPROBE_PATH → ffmpeg-static (ffprobe: the shipped one, then beside ffmpeg) → PATH. */
export function resolveTools(opts: ToolOptions = {}): ToolStatus {
  const env = opts.env ?? process.env
  const staticBinary = (opts.ffmpegStatic ?? ffmpegStaticBinary)()
  const ffmpeg = resolveFfmpeg(opts, env, staticBinary)
  const ffprobe = resolveFfprobe(opts, env, ffmpeg)

  const problems: string[] = []
  if (ffmpeg.problem) problems.push(ffmpeg.problem)
  else if (!ffmpeg.file) problems.push(`ffmpeg was not found. ${INSTALL_HINT}, or set FFMPEG_PATH to the ffmpeg executable.`)
  if (ffprobe.problem) problems.push(ffprobe.problem)
  else if (!ffprobe.file) problems.push(`ffprobe was not found. ${INSTALL_HINT}, or set FFPROBE_PATH to the ffprobe executable.`)

  const sources =
    ffmpeg.source === ffprobe.source
      ? ffmpeg.source
      : [ffmpeg.source && `ffmpeg: ${ffmpeg.source}`, ffprobe.source && `ffprobe: ${ffprobe.source}`].filter(Boolean).join(', ') || null

  return {
    ffmpeg: ffmpeg.file,
    ffprobe: ffprobe.file,
    source: sources,
    problem: problems.length ? problems.join(' ') : null
  }
}
