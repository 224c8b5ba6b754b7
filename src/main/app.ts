import path from 'node:path'
import { version } from '../../package.json'
import { appRoutes } from './app/routes'
import { CaptionsService } from './clips/captions'
import { importClips } from './clips/importer'
import { LibraryService } from './clips/library'
import { clipsRoutes } from './clips/routes'
import { EventBus } from './events'
import { ExportService } from './export/exportService'
import { exportRoutes } from './export/routes'
import { FilesService } from './files/filesService'
import { filesRoutes } from './files/routes'
import { FusionEngines } from './fusion/engines'
import { FusionService } from './fusion/fusionService'
import { fusionRoutes } from './fusion/routes'
import { EngineHost } from './inference/engine'
import { EndpointPolicy, type EndpointsConfig } from './inference/endpointPolicy'
import { findLlamaServer } from './inference/llamaBinary'
import { JobsService } from './jobs/jobsService'
import { jobsRoutes } from './jobs/routes'
import { resolveTools } from './media/tools'
import { HardwareProbe } from './models/hardware'
import { ModelsService } from './models/modelsService'
import { QuantizeService } from './models/quantizeService'
import { modelsRoutes } from './models/routes'
import { SpeedMeasureService, storedProbe } from './models/speedMeasure'
import { speedRoutes } from './models/speedRoutes'
import { adoptAtStart } from './dataFolders/adopt'
import { hostFolders, type StudioFolders } from './paths'
import { ProcessManager } from './processes'
import { PeopleService } from './people/peopleService'
import { peopleRoutes } from './people/routes'
import { QueueService } from './queue/queueService'
import { queueRoutes } from './queue/routes'
import { ProjectsService } from './projects/projects'
import { projectsRoutes } from './projects/routes'
import { reportRoutes } from './report/routes'
import { Filmstrips, type Thumbnail } from './review/filmstrip'
import { ReviewService } from './review/reviewService'
import { reviewRoutes } from './review/routes'
import { shootoutRoutes } from './shootout/routes'
import { shootoutWork } from './shootout/shootoutKind'
import { ShootoutService } from './shootout/shootoutService'
import { Roots, defaultRoots, type RootsConfig } from './roots/roots'
import { createRouter, type Dispatch, type Handlers } from './router'
import { Presence } from './team/presence'
import { teamRoutes } from './team/routes'
import { TeamService } from './team/teamService'

export interface StudioApp {
  dispatch: Dispatch
  bus: EventBus
  processes: ProcessManager
  /** Real path of a clip registered in that open project and inside a media root (no import error required), or null. Used by the media: protocol and the HTTP /media route: never serve anything else. */
  mediaPath(project: string, clipId: number): string | null
  /** Filmstrip slot 0..15 of a registered clip (its JPEG extracted on first use, then cached on disk), or null. */
  filmstripFrame(project: string, clipId: number, slot: number): Thumbnail | null
  dataDir: string
  /** The folders this host may read and write (docs/security.md); the desktop app grants native-dialog picks. */
  roots: Roots
  /** Folders a host serves to anyone, such as the built renderer: a host adds its own; exports never write there. */
  servedFolders: Set<string>
  jobs: JobsService
  /** Which endpoints jobs may use; a host bound to an address others can reach calls requireConfigured(). */
  endpoints: EndpointPolicy
  /** The people of each open project: the HTTP host signs them in with their tokens. */
  people: PeopleService
  /** Who of each project's people is online: the HTTP host feeds it from its requests and event streams. */
  presence: Presence
  /** Closes the DB, kills child processes. */
  close(): Promise<void>
}

export interface StudioOptions {
  dataDir?: string
  /** The folder policy's answer (paths.ts); without it, hostFolders(dataDir). */
  folders?: StudioFolders
  /** Open this project at start; without it the last opened project is reopened. */
  projectPath?: string
  ffmpegPath?: string
  ffprobePath?: string
  llamaServerPath?: string
  /** Defaults: everything under the data folder (defaultRoots). */
  roots?: Partial<RootsConfig>
  /** The operator's endpoints and allowed hosts; a host others can reach sets onlyConfigured (docs/security.md). */
  endpoints?: EndpointsConfig
}

const KILL_GRACE_MS = 2000

/** The defaults under the data folder, each replaced by what the options give (resolved). */
function rootsConfig(folders: StudioFolders, given: Partial<RootsConfig> = {}): RootsConfig {
  const defaults = defaultRoots(folders.data, folders.models)
  const one = (p: string | undefined, fallback: string) => (p ? path.resolve(p) : fallback)
  return {
    media: given.media?.length ? given.media.map((p) => path.resolve(p)) : defaults.media,
    projects: one(given.projects, defaults.projects),
    models: one(given.models, defaults.models),
    exports: one(given.exports, defaults.exports)
  }
}

/** The whole main-process backend, transport-free: both the Electron and HTTP hosts wrap this. */
export function createStudioApp(opts: StudioOptions = {}): StudioApp {
  const folders = opts.folders ?? hostFolders(opts.dataDir)
  const dataDir = folders.data
  const config = rootsConfig(folders, opts.roots)
  // earlier versions' folders are looked for only where the OS policy chose the folders
  if (folders.native) {
    const adopted = adoptAtStart({ ...folders, projects: config.projects, models: config.models, exports: config.exports })
    if (!opts.roots?.media?.length) config.media.push(...adopted.mediaRoots)
  }
  const roots = new Roots(config)
  const servedFolders = new Set<string>()
  const bus = new EventBus()
  const processes = new ProcessManager()
  const projects = new ProjectsService(dataDir, bus, roots)
  const queue = new QueueService(projects, bus)
  const captions = new CaptionsService(projects, bus, queue)
  const tools = () => resolveTools({ ffmpegPath: opts.ffmpegPath, ffprobePath: opts.ffprobePath })
  const found = tools()
  const sameDir = found.ffmpeg && found.ffprobe && path.dirname(found.ffmpeg) === path.dirname(found.ffprobe)
  const endpointPolicy = new EndpointPolicy(opts.endpoints)
  const engines = new EngineHost({
    processes,
    logDir: folders.logs,
    ffmpegDir: sameDir && found.ffmpeg ? path.dirname(found.ffmpeg) : undefined,
    llamaServerSetting: opts.llamaServerPath,
    policy: endpointPolicy
  })
  const models = new ModelsService({
    dataDir,
    cacheDir: folders.cache,
    bus,
    hardware: new HardwareProbe(),
    roots,
    outputTokens: () => projects.lastOpened?.prelabels.outputTokens() ?? null,
    probe: () => (projects.lastOpened ? storedProbe(projects.lastOpened) : null)
  })
  const jobs = new JobsService({ projects, bus, engines, processes, tools, policy: endpointPolicy, provenance: (engine) => models.provenance(engine) })
  jobs.register('shootout', { work: (store, job) => shootoutWork({ bus, engines, processes, tools, provenance: (e) => models.provenance(e) }, store, job) })
  const fusionEngines = new FusionEngines(roots, endpointPolicy)
  const people = new PeopleService(projects)
  const presence = new Presence(bus)
  const filmstrips = new Filmstrips({ processes, tools, cacheDir: path.join(folders.cache, 'filmstrips') })
  const importSource = (source: Parameters<typeof importClips>[0]) => {
    const found = tools()
    return importClips(source, { store: projects.require(), processes, bus, roots, ffprobe: found.ffprobe, ffprobeProblem: found.problem })
  }
  // only clips whose real path is inside a media root are served: narrowing the roots hides older imports
  const servable = (project: string, clipId: number) => {
    const file = projects.find(project)?.clips.mediaPath(clipId)
    // the clip's own path, as registered (the check resolves symlinks, the answer does not change them)
    return file && roots.inside('media', file) !== null ? file : null
  }

  // Each domain maps its routes to its services; `satisfies Handlers` fails the build if a route has no handler.
  const dispatch = createRouter(
    {
      ...appRoutes({ version, folders: { dataDir, modelsDir: config.models, cacheDir: folders.cache }, tools, projects }),
      ...projectsRoutes(projects, roots, servedFolders),
      ...clipsRoutes({ library: new LibraryService(projects, bus), captions, importClips: importSource }),
      ...jobsRoutes({ jobs, policy: endpointPolicy, llamaServer: () => findLlamaServer(opts.llamaServerPath), roots }),
      ...reviewRoutes(new ReviewService({ projects, processes, tools })),
      ...fusionRoutes(new FusionService({ projects, bus, jobs, engines: fusionEngines })),
      ...exportRoutes(new ExportService({ projects, bus, version, roots, served: servedFolders })),
      ...reportRoutes(projects),
      ...modelsRoutes(models, new QuantizeService({ models, processes, roots, bus, llamaServer: opts.llamaServerPath })),
      ...speedRoutes(new SpeedMeasureService({ projects, jobs, engines, roots })),
      ...filesRoutes(new FilesService(roots)),
      ...shootoutRoutes(new ShootoutService({ projects, jobs, policy: endpointPolicy, roots })),
      ...peopleRoutes(people),
      ...queueRoutes(queue),
      ...teamRoutes(new TeamService(projects, presence, queue))
    } satisfies Handlers,
    (project, run) => projects.within(project, run)
  )
  projects.openAtStart(opts.projectPath)
  if (projects.lastOpened) jobs.resumeInterrupted(projects.lastOpened)

  return {
    dispatch,
    bus,
    processes,
    dataDir,
    roots,
    servedFolders,
    mediaPath: servable,
    filmstripFrame: (project, clipId, slot) => {
      // a project that is not open gets a plain 404, like any clip it does not hold
      const store = projects.find(project)
      return store && servable(project, clipId) ? filmstrips.thumbnail(store, clipId, slot) : null
    },
    jobs,
    endpoints: endpointPolicy,
    people,
    presence,
    async close() {
      jobs.stopAll()
      await fusionEngines.close()
      await engines.stop()
      processes.killAll('SIGTERM')
      const deadline = Date.now() + KILL_GRACE_MS
      while (processes.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      processes.killAll('SIGKILL')
      projects.close()
    }
  }
}
