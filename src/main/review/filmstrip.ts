import type { ProjectStore } from '../store/project'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { ToolStatus } from '../../shared/contract'
import { FILMSTRIP_FRAMES } from '../../shared/api/review'
import { sampleFrameIndices, selectFramesArgs } from '../inference/frames'
import { requireTool } from '../media/tools'
import type { ProcessManager } from '../processes'
import { fileKey } from './reviewService'

/** Thumbnail height in pixels: sharp at the filmstrip's size on a 2× screen, ~5 KB each. */
export const THUMB_HEIGHT = 120
const EXTRACT_TIMEOUT_MS = 60_000
const DONE_MARK = 'done'
/**
 * How a thumbnail is made from its frame. It names both the ETag and the cache folder, so a change
 * here (bump the version for one outside these fields, e.g. frame selection) is never answered
 * with a browser's or the disk's old picture.
 */
const RECIPE = { version: 1, filter: `scale=-2:${THUMB_HEIGHT}`, quality: '4' }
const RECIPE_TEXT = JSON.stringify(RECIPE)

export interface FilmstripDeps {
  processes: ProcessManager
  tools: () => ToolStatus
  /** Where thumbnails are cached; how is this class's own business. */
  cacheDir: string
}

/** One filmstrip thumbnail: its validator, known without extracting, and its JPEG once extracted. */
export interface Thumbnail {
  /** A weak ETag of what the picture is: the clip file's identity, the frame and the recipe. */
  etag: string
  file(): Promise<string>
}

/**
 * JPEG thumbnails of the 16 frames pre-labeling samples, extracted in one ffmpeg run per clip
 * file and kept on disk. Only clips registered in the given project are ever read.
 */
export class Filmstrips {
  private extracting = new Map<string, Promise<string>>()

  constructor(private deps: FilmstripDeps) {}

  /** Filmstrip slot 0..15 of a registered clip, or null when there is none to give. */
  thumbnail(store: ProjectStore, clipId: number, slot: number): Thumbnail | null {
    if (!Number.isInteger(slot) || slot < 0 || slot >= FILMSTRIP_FRAMES) return null
    const clip = store.clips.get(clipId)
    if (!clip || clip.importError || !clip.frameCount) return null
    const indices = sampleFrameIndices(clip.frameCount)
    const frame = indices[slot]
    // The content fingerprint when import made one; the path stands in otherwise.
    const etag = `W/"${hash(`${clip.fingerprint ?? clip.path}\n${fileKey(clip)}\n${slot}:${frame}\n${RECIPE_TEXT}`)}"`
    return { etag, file: () => this.frameFile(clip.path, fileKey(clip), indices, frame) }
  }

  private async frameFile(source: string, version: string, indices: number[], frame: number): Promise<string> {
    const key = hash(`${source}\n${version}\n${RECIPE_TEXT}`)
    const dir = path.join(this.deps.cacheDir, key)
    const file = path.join(dir, `f${frame}.jpg`)
    if (await exists(path.join(dir, DONE_MARK))) return file
    let pending = this.extracting.get(key)
    if (!pending) {
      pending = this.extract(source, indices, dir).finally(() => this.extracting.delete(key))
      this.extracting.set(key, pending)
    }
    await pending
    return file
  }

  /** Decodes the clip once, keeping only the sampled frames; the folder appears complete or not at all. */
  private async extract(source: string, indices: number[], dir: string): Promise<string> {
    const ffmpeg = requireTool(this.deps.tools(), 'ffmpeg')
    const { unique, args } = selectFramesArgs(source, indices, RECIPE.filter)
    const work = `${dir}.tmp-${randomBytes(4).toString('hex')}`
    await fs.mkdir(work, { recursive: true })
    try {
      args.push('-q:v', RECIPE.quality, '-start_number', '0', path.join(work, 'out%02d.jpg'))
      const result = await this.deps.processes.run(ffmpeg, args, { timeoutMs: EXTRACT_TIMEOUT_MS })
      const made = (await fs.readdir(work)).filter((f) => f.startsWith('out')).length
      if (result.code !== 0 || made < unique.length) {
        const reason = result.stderr.trim().split('\n').pop() || `ffmpeg exited with ${result.code ?? result.signal}`
        throw new Error(`Could not extract filmstrip frames of ${path.basename(source)}: got ${made} of ${unique.length} (${reason})`)
      }
      // Named by frame number, so a slot maps to its file without a lookup table.
      await Promise.all(unique.map((n, k) => fs.rename(path.join(work, `out${String(k).padStart(2, '0')}.jpg`), path.join(work, `f${n}.jpg`))))
      await fs.writeFile(path.join(work, DONE_MARK), '')
      await fs.rm(dir, { recursive: true, force: true })
      await fs.rename(work, dir)
      return dir
    } catch (err) {
      await fs.rm(work, { recursive: true, force: true })
      // Another process may have finished the same clip first.
      if (await exists(path.join(dir, DONE_MARK))) return dir
      throw err
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  )
}
