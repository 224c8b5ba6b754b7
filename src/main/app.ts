import path from 'node:path'
import { version } from '../../package.json'
import { EventBus } from './events'
import { createHandlers } from './handlers'
import { EngineHost } from './inference/engine'
import { findLlamaServer } from './inference/llamaBinary'
import { JobsService } from './jobs/jobsService'
import { HardwareProbe } from './models/hardware'
import { ModelsService } from './models/modelsService'
import { resolveTools } from './media/tools'
import { resolveDataDir } from './paths'
import { ProcessManager } from './processes'
import { createOutputServices } from './outputServices'
import { Filmstrips, type Thumbnail } from './review/filmstrip'
import { ReviewService } from './review/reviewService'
import { createRouter, type Dispatch } from './router'
import { CaptionsService } from './services/captions'
import { importClips } from './services/importer'
import { LibraryService } from './services/library'
import { ProjectsService } from './services/projects'

export interface StudioApp {
  dispatch: Dispatch
  bus: EventBus
  processes: ProcessManager
  /** Absolute path of a clip registered in that open project (no import error required), or null. Used by the media: protocol and the HTTP /media route: never serve anything else. */
  mediaPath(project: string, clipId: number): string | null
  /** Filmstrip slot 0..15 of a registered clip (its JPEG extracted on first use, then cached on disk), or null. */
  filmstripFrame(project: string, clipId: number, slot: number): Thumbnail | null
  dataDir: string
  jobs: JobsService
  /** Closes the DB, kills child processes. */
  close(): Promise<void>
}

export interface StudioOptions {
  dataDir?: string
  /** Open this project at start; without it the last opened project is reopened. */
  projectPath?: string
  ffmpegPath?: string
  ffprobePath?: string
  llamaServerPath?: string
}

const KILL_GRACE_MS = 2000

/** The whole main-process backend, transport-free: both the Electron and HTTP hosts wrap this. */
export function createStudioApp(opts: StudioOptions = {}): StudioApp {
  const dataDir = resolveDataDir(opts.dataDir)
  const bus = new EventBus()
  const processes = new ProcessManager()
  const projects = new ProjectsService(dataDir, bus)
  const captions = new CaptionsService(projects, bus)
  const tools = () => resolveTools({ ffmpegPath: opts.ffmpegPath, ffprobePath: opts.ffprobePath })
  const found = tools()
  const sameDir = found.ffmpeg && found.ffprobe && path.dirname(found.ffmpeg) === path.dirname(found.ffprobe)
  const engines = new EngineHost({
    processes,
    logDir: path.join(dataDir, 'logs'),
    ffmpegDir: sameDir && found.ffmpeg ? path.dirname(found.ffmpeg) : undefined,
    llamaServerSetting: opts.llamaServerPath
  })
  const models = new ModelsService({ dataDir, bus, hardware: new HardwareProbe() })
  const jobs = new JobsService({ projects, bus, engines, processes, tools, provenance: (engine) => models.provenance(engine) })
  const output = createOutputServices({ projects, bus, jobs, version })

  const filmstrips = new Filmstrips({ processes, tools, cacheDir: path.join(dataDir, 'cache', 'filmstrips') })

  const dispatch = createRouter(
    createHandlers({
      version,
      dataDir,
      projects,
      captions,
      library: new LibraryService(projects, bus),
      tools,
      jobs,
      llamaServer: () => findLlamaServer(opts.llamaServerPath),
      review: new ReviewService({ projects, processes, tools }),
      models,
      output,
      importClips: (source) => {
        const found = tools()
        return importClips(source, {
          store: projects.require(),
          processes,
          bus,
          ffprobe: found.ffprobe,
          ffprobeProblem: found.problem
        })
      }
    }),
    (project, run) => projects.within(project, run)
  )
  /** An open project by id, or null (media requests for anything else are a plain 404). */
  const openProject = (project: string) => projects.all().find((s) => s.id === project) ?? null
  projects.openAtStart(opts.projectPath)
  if (projects.lastOpened) jobs.resumeInterrupted(projects.lastOpened)

  return {
    dispatch,
    bus,
    processes,
    dataDir,
    mediaPath: (project, clipId) => openProject(project)?.clips.mediaPath(clipId) ?? null,
    filmstripFrame: (project, clipId, slot) => {
      const store = openProject(project)
      return store ? filmstrips.thumbnail(store, clipId, slot) : null
    },
    jobs,
    async close() {
      jobs.stopAll()
      await output.close()
      await engines.stop()
      processes.killAll('SIGTERM')
      const deadline = Date.now() + KILL_GRACE_MS
      while (processes.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      processes.killAll('SIGKILL')
      projects.close()
    }
  }
}
