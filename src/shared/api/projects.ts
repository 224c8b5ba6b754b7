import { z } from 'zod'
import { ProjectInfo } from '../project'

const empty = z.object({}).strict()

export const projectsApi = {
  'project.list': { input: empty, output: z.array(ProjectInfo) },
  'project.create': { input: z.object({ name: z.string().min(1).max(120) }), output: ProjectInfo },
  'project.open': { input: z.object({ path: z.string().min(1) }), output: ProjectInfo }
} as const

export type ProjectEvents = {
  'project.opened': ProjectInfo
}
