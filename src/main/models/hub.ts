// Hugging Face: repository listings (sizes, LFS sha256) and file URLs. HF_ENDPOINT points at a
// mirror, as with Hugging Face's own tools (tests use a server on 127.0.0.1).
import { z } from 'zod'
import { ApiError } from '../../shared/errors'

export function hubUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '')
}

export interface HubFile {
  repo: string
  file: string
}

/** "hf:owner/repo/path/file.gguf" (or "hf://…", "owner/repo/file.gguf") → repo and file. */
export function parseHfUri(uri: string): HubFile {
  const rest = uri.replace(/^hf:(\/\/)?/, '')
  const parts = rest.split('/').filter(Boolean)
  if (parts.length < 3 || !parts.at(-1)!.toLowerCase().endsWith('.gguf')) {
    throw new ApiError('invalid_input', `Not a model file URI: "${uri}". Use hf:owner/repo/file.gguf`)
  }
  return { repo: `${parts[0]}/${parts[1]}`, file: parts.slice(2).join('/') }
}

export function fileUrl({ repo, file }: HubFile, hub = hubUrl()): string {
  return `${hub}/${repo}/resolve/main/${file.split('/').map(encodeURIComponent).join('/')}`
}

const TreeEntry = z.object({
  type: z.string(),
  path: z.string(),
  size: z.number(),
  lfs: z.object({ oid: z.string(), size: z.number() }).optional()
})

export interface ListedFile {
  file: string
  size: number
  /** Git LFS stores files by their sha256: the listing's oid is the checksum. */
  sha256: string | null
}

export class OfflineError extends Error {}

/** The .gguf files of a repository; an unreachable hub is an OfflineError with a plain message. */
export async function listRepo(repo: string, hub = hubUrl(), timeoutMs = 8000): Promise<ListedFile[]> {
  let res: Response
  try {
    res = await fetch(`${hub}/api/models/${repo}/tree/main?recursive=true`, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
    throw new OfflineError(`Cannot reach ${new URL(hub).host} (${cause}): working offline with local files; sizes are estimates.`)
  }
  if (!res.ok) throw new Error(`Listing ${repo} failed: HTTP ${res.status}`)
  const entries = z.array(TreeEntry).parse(await res.json())
  return entries
    .filter((e) => e.type === 'file' && e.path.toLowerCase().endsWith('.gguf'))
    .map((e) => ({ file: e.path, size: e.lfs?.size ?? e.size, sha256: e.lfs?.oid ?? null }))
}
