// Folders laid out as the versions before the data-folder policy leave them, built with real
// project files (made by the store, one left as a crash leaves it: data still in its -wal).
import fs from 'node:fs'
import path from 'node:path'
import { oldFolders, type Destinations, type OldFolder } from '../../src/main/dataFolders/legacy'
import { chromiumProfile, formerServeFolder, studioFolders } from '../../src/main/paths'
import { ProjectStore } from '../../src/main/store/project'
import { tempDir } from '../helpers/temp'

export interface Layout {
  platform: NodeJS.Platform
  home: string
  olds: OldFolder[]
  to: Destinations
  /** The desktop app's folder: Electron's userData, Chromium's profile beside the studio's files. */
  profile: string
  /** The XDG folder serve and the CLI used on macOS and Windows too; null on Linux, where it is the data folder. */
  serve: string | null
}

/** A Windows path of the policy as a real folder under `home` (C:\Users\ana\x -> <home>/Users/ana/x). */
const onDisk = (home: string, p: string) => path.join(home, ...p.slice(3).split(/[\\/]/))

export function layoutFor(platform: NodeJS.Platform, home: string): Layout {
  const win = platform === 'win32'
  const inputs = { platform, env: {}, homedir: win ? 'C:\\Users\\ana' : home }
  const disk = (p: string) => (win ? onDisk(home, p) : p)
  const f = studioFolders(inputs)
  const raw: Destinations = { ...f, projects: path.join(f.data, 'projects'), exports: path.join(f.data, 'exports') }
  const to = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? disk(v) : v])) as unknown as Destinations
  const olds = oldFolders(inputs, raw).map((o) => ({
    folder: disk(o.folder),
    moves: o.moves.map((m) => ({ from: disk(m.from), to: disk(m.to) })),
    settings: o.settings && disk(o.settings),
    media: o.media && disk(o.media)
  }))
  const serve = disk(formerServeFolder(inputs))
  return { platform, home, olds, to, profile: disk(chromiumProfile(inputs)), serve: serve === to.data ? null : serve }
}

export function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

export const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'))

// made once per test file and copied: the crash tests lay the folders out again for every step
const made = new Map<string, string>()
function madeOnce(key: string, make: (file: string) => void): string {
  let file = made.get(key)
  if (!file) {
    file = path.join(tempDir('skycap-layout-'), 'p.sqlite')
    make(file)
    made.set(key, file)
  }
  return file
}

/** A project with its name still only in the WAL: the three files as an app killed mid-session leaves them. */
function crashedProject(file: string, name: string): void {
  const crashed = madeOnce(`crashed:${name}`, (made) => {
    const live = `${made}.live.sqlite`
    const store = ProjectStore.create(live, name)
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(live + suffix, made + suffix)
    store.close()
  })
  fs.mkdirSync(path.dirname(file), { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(crashed + suffix, file + suffix)
}

function project(file: string, name: string): void {
  const closed = madeOnce(`closed:${name}`, (made) => ProjectStore.create(made, name).close())
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.copyFileSync(closed, file)
}

/** Fills the old folders as today's versions leave them. */
export function populate(l: Layout): void {
  const p = (...parts: string[]) => path.join(l.profile, ...parts)
  write(p('Local Storage', 'leveldb', '000003.log'), 'chromium localStorage')
  write(p('Preferences'), '{}')
  crashedProject(p('projects', 'a.sqlite'), 'Desktop A')
  write(p('models', 'm.gguf'), 'model bytes')
  write(p('models', 'm-mmproj.gguf'), 'projector bytes')
  write(p('cache', 'filmstrips', 'k1', '0.jpg'), 'jpeg 1')
  write(p('logs', 'llama-server.log'), 'log 1')
  write(p('media', 'clip.mp4'), 'mp4')
  write(p('exports', 'out.csv'), 'csv')
  const hash = { size: 11, mtimeMs: 1, sha256: 'ab' }
  write(
    p('settings.json'),
    JSON.stringify({
      lastProject: p('projects', 'a.sqlite'),
      modelRepos: ['x/y'],
      localModels: [{ model: p('models', 'm.gguf'), mmproj: p('models', 'm-mmproj.gguf') }],
      modelHashes: { [p('models', 'm.gguf')]: hash }
    })
  )
  if (l.serve) {
    const s = (...parts: string[]) => path.join(l.serve as string, ...parts)
    project(s('projects', 'a.sqlite'), 'Serve A')
    project(s('projects', 'b.sqlite'), 'Serve B')
    write(s('models', 'm.gguf'), 'model bytes')
    write(s('models', 'n.gguf'), 'other model')
    write(
      s('settings.json'),
      JSON.stringify({ lastProject: s('projects', 'b.sqlite'), modelRepos: ['x/y', 'z/w'], localModels: [{ model: s('models', 'n.gguf') }] })
    )
  } else {
    // Linux: the data folder is today's serve folder, with its caches and logs now belonging elsewhere
    const d = (...parts: string[]) => path.join(l.to.data, ...parts)
    project(d('projects', 'c.sqlite'), 'Linux C')
    write(d('cache', 'filmstrips', 'k2', '0.jpg'), 'jpeg 2')
    write(d('logs', 'old.log'), 'log 2')
    write(d('settings.json'), JSON.stringify({ lastProject: d('projects', 'c.sqlite'), modelRepos: ['q/r'] }))
  }
}

/** Every file under `dir`, relative. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort()
}
