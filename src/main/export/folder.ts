import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ApiError } from '../../shared/errors'
import { isInside, realPathOf, type Roots } from '../roots/roots'

/**
 * The folder an export writes to, as a real path: a relative outDir (or none) is taken under the
 * exports root; the result must be inside the exports root (or a folder the desktop app granted)
 * and never inside a folder a host serves to anyone, even when a root contains that folder.
 */
export function exportFolder(outDir: string | undefined, roots: Roots, served: Iterable<string>): string {
  const [root] = roots.folders('exports')
  const folder = roots.resolve('exports', path.resolve(root, outDir ?? '.'))
  for (const dir of served) {
    if (isInside(realPathOf(dir), folder)) {
      throw new ApiError('forbidden', `${path.basename(folder)} is inside the folder this host serves to browsers (${dir}): exports never go there`)
    }
  }
  const kind = entryKind(folder)
  if (kind === 'not a folder') throw new ApiError('invalid_input', `${path.basename(folder)} is a file, not a folder: give a folder to export into`)
  if (kind === 'under a file') throw new ApiError('invalid_input', `Part of the path to ${path.basename(folder)} is a file, not a folder`)
  return folder
}

function entryKind(p: string): 'folder' | 'missing' | 'not a folder' | 'under a file' {
  try {
    return fs.statSync(p).isDirectory() ? 'folder' : 'not a folder'
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'under a file' : 'missing'
  }
}

// Only what the overwrite check needs; a manifest of another studio version still counts.
const StudioManifest = z.object({ studioVersion: z.string(), files: z.array(z.object({ file: z.string() })) })
/** Manifests are a few KB; a larger "manifest" (or /dev/zero behind a link) is not one of ours. */
const MAX_MANIFEST_BYTES = 16 * 2 ** 20

/** The file names a studio manifest in `folder` lists (the manifest itself included), or none. */
function studioFiles(folder: string, manifestName: string): Set<string> {
  const file = path.join(folder, manifestName)
  try {
    const stat = fs.lstatSync(file)
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return new Set()
    const parsed = StudioManifest.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    return parsed.success ? new Set([manifestName, ...parsed.data.files.map((f) => f.file)]) : new Set()
  } catch {
    return new Set() // unreadable or not JSON: not a studio manifest; its text is never quoted
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file)
    return true
  } catch {
    return false
  }
}

/**
 * Refuses, before anything is written, an export whose files are already there, unless
 * overwriting was asked for and each of them is a plain file listed by the studio manifest of
 * the same name in that folder: a file the studio did not write is never replaced.
 */
export function checkOverwrite(folder: string, names: string[], manifestName: string, overwrite: boolean): void {
  const present = [...names, manifestName].filter((name) => exists(path.join(folder, name)))
  if (present.length === 0) return
  if (!overwrite) throw new ApiError('conflict', `${present[0]} already exists in ${folder}: choose another name or folder, or allow overwriting`)
  const ours = studioFiles(folder, manifestName)
  const foreign = present.find((name) => !ours.has(name) || !fs.lstatSync(path.join(folder, name)).isFile())
  if (foreign) {
    throw new ApiError(
      'conflict',
      `${foreign} in ${folder} was not written by a studio export (${manifestName} there does not list it): nothing was overwritten; choose another name or folder`,
      { file: foreign }
    )
  }
}
