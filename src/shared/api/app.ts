import { z } from 'zod'
import { ProjectInfo } from '../project'

export const ToolStatus = z.object({
  ffmpeg: z.string().nullable(),
  ffprobe: z.string().nullable(),
  /** How each binary was found: setting, env, ffmpeg-static or PATH. */
  source: z.string().nullable(),
  /** Set when a tool is missing: says what to install or set. */
  problem: z.string().nullable()
})
export type ToolStatus = z.infer<typeof ToolStatus>

const empty = z.object({}).strict()

/** The host itself: its version, tools and last opened project. */
export const appApi = {
  'app.info': {
    input: empty,
    // the folders of the data-folder policy (docs/desktop.md): projects and settings, models, caches
    output: z.object({
      version: z.string(),
      tools: ToolStatus,
      project: ProjectInfo.nullable(),
      dataDir: z.string(),
      modelsDir: z.string(),
      cacheDir: z.string(),
      /** The host's OS (Node's process.platform): server paths are written its way. */
      platform: z.string()
    })
  }
} as const
