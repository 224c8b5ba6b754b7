// The quant table: published quants of each repository (from its listing, or from the card's
// facts when offline) plus the user's local GGUF files, each with what the fit needs.
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { CatalogEntry, ModelFile } from '../../shared/models'
import type { LmFacts, VisionFacts } from './estimate'
import { readLocalGguf, type LocalMmprojInfo, type LocalModelInfo } from './ggufFacts'
import { listRepo, OfflineError, type ListedFile } from './hub'
import type { LocalModel } from './modelSettings'
import {
  DEFAULT_REPO,
  MMPROJ_FILE,
  PUBLISHED_QUANTS,
  QWEN25VL_7B,
  QWEN25VL_7B_VISION,
  estimatedFileBytes,
  precisionRank,
  publishedLmFacts,
  quantFacts,
  quantFileName,
  quantOfFileName
} from './quants'

/** A catalog row plus the facts its fit estimate is computed from. */
export interface CatalogItem {
  entry: CatalogEntry
  lm: LmFacts
  vision: VisionFacts | null
  rank: number
}

/** Where a repository's files are downloaded: <dataDir>/models/<owner>__<name>/<file>. */
export function downloadPath(modelsDir: string, repo: string, file: string): string {
  return path.join(modelsDir, repo.replace('/', '__'), file)
}

const isMmproj = (file: string) => /mmproj/i.test(file)

/** A repository's vision projector: the f16 one (the card's precision) when listed, else the first. */
export function pickMmproj(files: ListedFile[]): ListedFile | null {
  const mmprojs = files.filter((f) => isMmproj(f.file))
  return mmprojs.find((f) => /f16/i.test(f.file)) ?? mmprojs[0] ?? null
}

/** Reads GGUF headers once per file version: a 152k-token vocabulary takes ~0.1 s to parse. */
export class GgufReader {
  private cache = new Map<string, Promise<LocalModelInfo | LocalMmprojInfo>>()

  read(file: string): Promise<LocalModelInfo | LocalMmprojInfo> {
    const s = statSync(file)
    const key = `${file}:${s.size}:${s.mtimeMs}`
    let job = this.cache.get(key)
    if (!job) {
      job = readLocalGguf(file)
      this.cache.set(key, job)
      job.catch(() => this.cache.delete(key))
    }
    return job
  }
}

export interface RepoListing {
  repo: string
  files: ListedFile[] | null
}

/** Lists every repository; an unreachable hub gives files: null and one offline message. */
export async function listRepos(repos: string[], list = listRepo): Promise<{ listings: RepoListing[]; offline: string | null }> {
  let offline: string | null = null
  const listings = await Promise.all(
    repos.map(async (repo) => {
      try {
        return { repo, files: await list(repo) }
      } catch (err) {
        offline ??= err instanceof OfflineError ? err.message : `${repo}: ${(err as Error).message}`
        return { repo, files: null }
      }
    })
  )
  return { listings, offline }
}

function repoFiles(listing: RepoListing): { models: ListedFile[]; mmproj: ListedFile | null; estimated: boolean } {
  if (listing.files) {
    const mmproj = pickMmproj(listing.files)
    return { models: listing.files.filter((f) => !isMmproj(f.file)), mmproj, estimated: false }
  }
  if (listing.repo !== DEFAULT_REPO) return { models: [], mmproj: null, estimated: true }
  // offline: the card's quants, sized from bits per weight × parameters
  const models = PUBLISHED_QUANTS.map((q) => ({ file: quantFileName(q.quant), size: estimatedFileBytes(q.bpw), sha256: null }))
  return { models, mmproj: { file: MMPROJ_FILE, size: QWEN25VL_7B_VISION.bytes, sha256: null }, estimated: true }
}

/** Catalog rows of the repositories, using the downloaded file's own metadata where present. */
export async function repositoryItems(listings: RepoListing[], modelsDir: string, reader: GgufReader): Promise<CatalogItem[]> {
  const items: CatalogItem[] = []
  for (const listing of listings) {
    const { models, mmproj, estimated } = repoFiles(listing)
    const mmprojPath = mmproj ? downloadPath(modelsDir, listing.repo, mmproj.file) : null
    const mmprojLocal = mmprojPath && existsSync(mmprojPath) ? await reader.read(mmprojPath).catch(() => null) : null
    const vision = mmprojLocal?.kind === 'mmproj' ? mmprojLocal.vision : mmproj ? { ...QWEN25VL_7B_VISION, bytes: mmproj.size } : null
    const mmprojFile: ModelFile | null = mmproj
      ? { file: mmproj.file, sizeBytes: mmproj.size, sizeIsEstimate: estimated, path: mmprojLocal ? mmprojPath : null, sha256: mmproj.sha256 }
      : null
    for (const listed of models) {
      const localPath = downloadPath(modelsDir, listing.repo, listed.file)
      const local = existsSync(localPath) ? await reader.read(localPath).catch(() => null) : null
      const quant = quantOfFileName(listed.file) ?? local?.quant ?? 'unknown'
      const facts = quantFacts(quant)
      const bpw = facts?.bpw ?? (listed.size * 8) / QWEN25VL_7B.parameters
      const lmLocal = local?.kind === 'model' ? local : null
      items.push({
        entry: {
          id: `${listing.repo}/${listed.file}`,
          origin: 'repository',
          repo: listing.repo,
          quant,
          bitsPerWeight: round2(bpw),
          precisionNote: facts?.note ?? '',
          model: { file: listed.file, sizeBytes: listed.size, sizeIsEstimate: estimated, path: lmLocal ? localPath : null, sha256: listed.sha256 },
          mmproj: mmprojFile,
          architecture: lmLocal?.architecture ?? QWEN25VL_7B.architecture,
          parameters: lmLocal?.parameters ?? QWEN25VL_7B.parameters,
          layers: lmLocal?.blocks ?? QWEN25VL_7B.blocks,
          contextLength: lmLocal?.contextLength ?? QWEN25VL_7B.contextLength
        },
        lm: lmLocal?.lm ?? publishedLmFacts(listed.size, quant),
        vision,
        rank: precisionRank(quant, bpw)
      })
    }
  }
  return items
}

/** Catalog rows of the user's own files, all facts read from the files. */
export async function localItems(locals: LocalModel[], reader: GgufReader): Promise<CatalogItem[]> {
  const items: CatalogItem[] = []
  for (const local of locals) {
    if (!existsSync(local.model)) continue // moved or deleted: the entry stays until removed
    const info = await reader.read(local.model).catch(() => null)
    if (info?.kind !== 'model') continue
    const mm = local.mmproj && existsSync(local.mmproj) ? await reader.read(local.mmproj).catch(() => null) : null
    const vision = mm?.kind === 'mmproj' ? mm : null
    const bpw = (info.sizeBytes * 8) / info.parameters
    const quant = info.quant
    // rank by the format's precision: a tiny file's metadata would inflate its measured bpw
    items.push({
      entry: {
        id: info.path,
        origin: 'local',
        repo: null,
        quant,
        bitsPerWeight: round2(bpw),
        precisionNote: quantFacts(quant)?.note ?? 'Local file',
        model: { file: path.basename(info.path), sizeBytes: info.sizeBytes, sizeIsEstimate: false, path: info.path, sha256: null },
        mmproj: vision ? { file: path.basename(vision.path), sizeBytes: vision.sizeBytes, sizeIsEstimate: false, path: vision.path, sha256: null } : null,
        architecture: info.architecture,
        parameters: info.parameters,
        layers: info.blocks,
        contextLength: info.contextLength,
        ...(local.recipe ? { recipe: local.recipe } : {})
      },
      lm: info.lm,
      vision: vision?.vision ?? null,
      rank: precisionRank(quant, quantFacts(quant)?.bpw ?? bpw)
    })
  }
  return items
}

const round2 = (n: number) => Math.round(n * 100) / 100
