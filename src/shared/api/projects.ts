import { z } from 'zod'
import { ProjectInfo } from '../project'

const empty = z.object({}).strict()

export const projectsApi = {
  'project.list': { input: empty, output: z.array(ProjectInfo) },
  'project.create': { input: z.object({ name: z.string().min(1).max(120) }), output: ProjectInfo },
  'project.open': { input: z.object({ path: z.string().min(1) }), output: ProjectInfo },
  /** An online, verified copy of the project, into the exports folder (or a folder inside it). */
  'project.backup': {
    input: z.object({ folder: z.string().min(1).optional() }).strict(),
    output: z.object({ path: z.string(), bytes: z.number(), rows: z.record(z.string(), z.number()), takenAt: z.string() })
  }
} as const

export type ProjectEvents = {
  'project.opened': ProjectInfo
}
