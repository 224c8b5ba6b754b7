import { statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8'
}

export type StaticFile = { file: string; type: string; immutable: boolean }

/**
 * Maps a URL path to a file of the built renderer. Anything that would leave `root` (encoded `..`,
 * backslashes, NUL) is refused outright; an unknown path without an extension falls back to
 * index.html so client-side routes survive a reload.
 */
export function resolveStatic(root: string, urlPath: string): StaticFile | 'forbidden' | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return 'forbidden'
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'forbidden'
  const base = resolve(root)
  const target = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded))
  if (target !== base && !target.startsWith(base + sep)) return 'forbidden'
  if (decoded.split('/').some((part) => part === '..')) return 'forbidden'

  const direct = fileAt(target === base ? join(base, 'index.html') : target)
  if (direct) return describe(direct, base)
  if (extname(decoded) === '') {
    const index = fileAt(join(base, 'index.html'))
    if (index) return describe(index, base)
  }
  return null
}

function fileAt(path: string): string | null {
  try {
    return statSync(path).isFile() ? path : null
  } catch {
    return null
  }
}

function describe(file: string, base: string): StaticFile {
  return {
    file,
    type: STATIC_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    // Vite fingerprints everything under assets/, so it can be cached forever.
    immutable: file.startsWith(join(base, 'assets') + sep)
  }
}
