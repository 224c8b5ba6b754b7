// sha256 of model files for provenance, computed once per file version and in the background:
// a multi-GB file takes tens of seconds to hash and must not block a request. Kept in the cache
// folder (machine-local, never roaming): the paths it is keyed by belong to this machine.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeJsonFile } from '../projects/settings'
import { sha256File } from './download'

const Hashes = z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string() }))

export class HashCache {
  private running = new Map<string, Promise<string | null>>()
  private readonly file: string

  constructor(
    cacheDir: string,
    private readonly onHashed: (path: string) => void = () => {}
  ) {
    this.file = join(cacheDir, 'model-hashes.json')
  }

  /** The cached sha256 when the file has not changed since; null otherwise (or when missing). */
  cached(path: string): string | null {
    const stat = statOrNull(path)
    const entry = this.read()[path]
    return stat && entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs ? entry.sha256 : null
  }

  /** Records a hash computed elsewhere (a download hashes what it wrote). */
  remember(path: string, sha256: string): void {
    const stat = statOrNull(path)
    if (!stat) return
    writeJsonFile(this.file, { ...this.read(), [path]: { size: stat.size, mtimeMs: stat.mtimeMs, sha256 } })
  }

  /** A missing or damaged file is an empty cache: hashes are made again. */
  private read(): z.infer<typeof Hashes> {
    try {
      return Hashes.parse(JSON.parse(readFileSync(this.file, 'utf8')))
    } catch {
      return {}
    }
  }

  /** The hash, computing it (once, however many callers ask) when the cache has none. */
  ensure(path: string): Promise<string | null> {
    const known = this.cached(path)
    if (known) return Promise.resolve(known)
    let job = this.running.get(path)
    if (!job) {
      job = sha256File(path)
        .then((sha) => {
          this.remember(path, sha)
          this.onHashed(path)
          return sha
        })
        .catch(() => null) // unreadable now: provenance says null, the next ask tries again
        .finally(() => this.running.delete(path))
      this.running.set(path, job)
    }
    return job
  }
}

function statOrNull(path: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(path)
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return null
  }
}
