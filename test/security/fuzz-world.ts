// The world the contract fuzz runs in: one outer folder holding the studio's temp root (every
// root inside it) and, beside it, files the fuzz aims at but the host must never touch.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createServer, type Server } from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { TinyModels } from '../../scripts/make-tiny-models'
import type { RootsConfig } from '../../src/main/roots/roots'
import { CLIP_2, CLIP_3 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'
import type { Targets } from './fuzz-arbitraries'

export interface World {
  outer: string
  /** Everything the host may touch: data folder, roots and the scratch TMPDIR. */
  root: string
  outside: string
  dataDir: string
  roots: RootsConfig
  /** Markers in file contents, the environment and the remote body: none may show up in an answer. */
  canaries: string[]
  targets: Targets
}

const OLD = new Date('2001-01-01T00:00:00Z')

function write(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

/** A marker no answer may contain. */
export function makeCanary(): string {
  return `FUZZCANARY${randomBytes(8).toString('hex')}`
}

/** Builds the folders and files; `ports` are a closed port and the canary listener's. */
export function buildWorld(canary: string, ports: { closed: number; listener: number }, tiny: TinyModels): World {
  const outer = tempDir('skycap-fuzz-')
  const root = path.join(outer, 'root')
  const outside = path.join(outer, 'outside')
  const roots: RootsConfig = {
    media: [path.join(root, 'media')],
    projects: path.join(root, 'projects'),
    models: path.join(root, 'models'),
    exports: path.join(root, 'exports')
  }
  for (const dir of [...roots.media, roots.projects, roots.models, roots.exports, path.join(root, 'tmp')]) fs.mkdirSync(dir, { recursive: true })
  const media = roots.media[0]

  // outside the roots: what an attacker wants to read or overwrite
  // stand-ins for /etc/shadow and /proc/self/environ: the fuzz never makes the host read real secrets
  write(path.join(outside, 'shadow'), `root:${canary}:20228:0:99999:7:::\n`)
  write(path.join(outside, 'environ'), `SECRET=${canary}\u0000HOME=/root\u0000`)
  // a well-formed CSV becomes project data when imported: its read shows in its atime, not as a canary
  write(path.join(outside, 'secret.csv'), `path,note\n/x/outside-row.mp4,outside note\n`)
  write(path.join(outside, 'old-manifest.json'), `{"secret":"${canary}"}\n`)
  write(path.join(outside, 'skycaptioner.csv'), `path\n/x/earlier-export.mp4\n`)
  write(path.join(outside, 'empty.sqlite'), '')
  write(path.join(outside, 'model.gguf'), `GGUF${canary}`)
  write(path.join(outside, 'videos/clip.mp4'), fs.readFileSync(CLIP_2))
  // inside: real clips, and files whose contents must never be echoed either
  write(path.join(media, 'clips/2.mp4'), fs.readFileSync(CLIP_2))
  write(path.join(media, 'clips/3.mp4'), fs.readFileSync(CLIP_3))
  write(path.join(media, 'no-path-column.csv'), `${canary},b\n1,2\n`)
  write(path.join(media, 'malformed.csv'), `path,structural_caption\n"a"${canary}","b\n`)
  write(path.join(roots.models, 'not-a-model.gguf'), `${canary}`.repeat(10))
  write(path.join(roots.models, 'tiny.gguf'), fs.readFileSync(tiny.model))
  write(path.join(roots.models, 'tiny-mmproj.gguf'), fs.readFileSync(tiny.mmproj))
  write(path.join(roots.projects, 'not-a-db.sqlite'), `${canary}`.repeat(10))
  // symlinks from inside the roots to outside them
  fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(media, 'link.csv'))
  fs.symlinkSync(path.join(outside, 'videos'), path.join(media, 'linked-videos'))
  fs.symlinkSync(outside, path.join(roots.exports, 'out'))
  fs.symlinkSync(path.join(outside, 'empty.sqlite'), path.join(roots.projects, 'link.sqlite'))
  fs.symlinkSync(path.join(outside, 'model.gguf'), path.join(roots.models, 'link.gguf'))
  for (const file of walk(outside)) if (fs.lstatSync(file).isFile()) fs.utimesSync(file, OLD, new Date(OLD.getTime() + 86_400_000))

  const paths = [
    ...['shadow', 'environ', 'secret.csv', 'old-manifest.json', 'empty.sqlite', 'model.gguf', 'videos', 'videos/clip.mp4', 'new-folder', ''].map((p) =>
      path.join(outside, p)
    ),
    ...[media, path.join(media, 'clips'), path.join(media, 'clips/2.mp4'), path.join(media, 'no-path-column.csv'), path.join(media, 'malformed.csv')],
    ...[path.join(media, 'link.csv'), path.join(media, 'linked-videos'), path.join(roots.exports, 'out'), path.join(roots.exports, 'out/new')],
    ...[path.join(roots.projects, 'link.sqlite'), path.join(roots.projects, 'not-a-db.sqlite'), path.join(roots.projects, 'p.sqlite')],
    ...[path.join(roots.models, 'link.gguf'), path.join(roots.models, 'not-a-model.gguf'), roots.exports, path.join(roots.exports, 'run')],
    ...[path.join(roots.models, 'tiny.gguf'), path.join(roots.models, 'tiny-mmproj.gguf')],
    // traversal out of the roots, into the outer folder
    path.join(roots.exports, '../../escaped'),
    `${media}/../../outside/secret.csv`,
    '../../escaped-from-cwd',
    'relative/dir'
  ]
  const urls = [
    `http://127.0.0.1:${ports.closed}/v1`,
    `http://127.0.0.2:${ports.closed}/`,
    `http://[::1]:${ports.closed}/`,
    `http://localhost:${ports.closed}/v1/chat/completions`,
    `http://127.0.0.1:${ports.listener}/v1`,
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://100.100.100.200/latest/meta-data',
    'file:///etc/shadow',
    'gopher://127.0.0.1:25/'
  ]
  return {
    outer,
    root,
    outside,
    dataDir: path.join(root, 'data'),
    roots,
    canaries: [canary],
    targets: { paths, urls }
  }
}

/**
 * A read of a file outside shows in its atime, but relatime moves an atime only while it is
 * older than the mtime: after each route the atimes are set back, so every route's reads show.
 */
export function rearmReads(world: World): void {
  for (const p of walk(world.outer)) {
    if (p === world.root || p.startsWith(world.root + path.sep)) continue
    const s = fs.lstatSync(p)
    if (s.isFile() && s.atimeMs >= s.mtimeMs) fs.utimesSync(p, new Date(s.mtimeMs - 86_400_000), s.mtime)
  }
}

function walk(dir: string): string[] {
  const out: string[] = [dir]
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(full))
    else out.push(full)
  }
  return out
}

/**
 * Everything in the outer folder but the temp root, by path: kind, size, mtime, ctime and, for
 * files, atime (a read). Contents are not read: that would move the atimes.
 */
export function snapshotOutside(world: World): Map<string, string> {
  const shot = new Map<string, string>()
  for (const p of walk(world.outer)) {
    if (p === world.root || p.startsWith(world.root + path.sep)) continue
    const s = fs.lstatSync(p)
    const kind = s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'link' : 'file'
    shot.set(p, kind === 'dir' ? `dir mtime ${s.mtimeMs}` : `${kind} size ${s.size} mtime ${s.mtimeMs} ctime ${s.ctimeMs} atime ${s.atimeMs}`)
  }
  return shot
}

/** What changed between two snapshots, one line per path. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = []
  for (const [p, was] of before) {
    const now = after.get(p)
    if (now === undefined) changes.push(`deleted ${p}`)
    else if (now !== was) changes.push(`changed ${p}: ${was} → ${now}`)
  }
  for (const p of after.keys()) if (!before.has(p)) changes.push(`created ${p}`)
  return changes
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p)
  return !rel.startsWith('..') && !path.isAbsolute(rel)
}

/**
 * The fuzz's safety net: the host runs as this user (root here), so a generated string that
 * would resolve outside the outer folder ('/', '../../../..') loses what takes it there before
 * it is sent. Only the targets aim outside the temp root, and they stay in the outer folder.
 */
export function confine(value: unknown, world: World): unknown {
  if (typeof value === 'string') return isInside(world.outer, path.resolve(value)) ? value : value.replace(/^[/\\]+/, '').replaceAll('..', '__')
  if (Array.isArray(value)) return value.map((v) => confine(v, world))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, confine(v, world)]))
  return value
}

/** Entries of the OS temp folder now, to find ones named like something the fuzz sent. */
export function tmpEntries(): Set<string> {
  return new Set(fs.readdirSync(os.tmpdir()))
}

/**
 * A local server standing for the endpoints and the model hub: repository listings are empty
 * (the hub is there, the files are not), anything else is an error whose body is a canary.
 */
export async function canaryListener(canary: string): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume()
    if (/^\/api\/models\/.+\/tree\/main/.test(req.url ?? '')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('[]')
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`${canary} remote error body`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

/** A port nothing listens on (taken from the OS, then freed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function isLocal(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === '0.0.0.0' || /^::ffff:127\./.test(address) || address === 'localhost'
}

/**
 * This workplace's network rule, not a mock of the host: sockets of this process may only reach
 * this machine, so a request the host makes to a metadata or link-local address is refused here
 * (and recorded) instead of leaving the machine.
 */
export function fenceNetwork(): { refused: string[]; restore(): void } {
  const original = net.Socket.prototype.connect
  const refused: string[] = []
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; path?: string } | number | string
    const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined
    const isPipe = typeof first === 'object' && first !== null ? first.path !== undefined : typeof first === 'string' && Number.isNaN(Number(first))
    if (!isPipe) {
      const block = (address: string) => {
        refused.push(address)
        const err = Object.assign(new Error(`connect ECONNREFUSED ${address} (outside this machine: refused by the fuzz network fence)`), {
          code: 'ECONNREFUSED'
        })
        process.nextTick(() => this.destroy(err))
      }
      if (host && net.isIP(host.replace(/^\[|\]$/g, '')) && !isLocal(host.replace(/^\[|\]$/g, ''))) {
        block(host)
        return this
      }
      this.once('lookup', (err: Error | null, address: string) => {
        if (!err && !isLocal(address)) block(address)
      })
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof original
  return { refused, restore: () => void (net.Socket.prototype.connect = original) }
}
