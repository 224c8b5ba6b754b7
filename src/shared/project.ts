// Which project a request, an event or a media URL is about. Clip ids restart at 1 in every
// project, so nothing that names a clip may leave its project out.
import { z } from 'zod'

/** A project's identity: 16 hex digits from its file's absolute path (stable, no server path in URLs). */
export const ProjectId = z.string().regex(/^[0-9a-f]{16}$/, 'a project id is 16 hex digits')
export type ProjectId = z.infer<typeof ProjectId>

/** What every project-scoped request carries, beside its own input. */
export interface ProjectRef {
  project: ProjectId
}

export const ProjectInfo = z.object({
  /** What requests, events and media URLs name the project by. */
  id: ProjectId,
  name: z.string(),
  path: z.string(),
  clipCount: z.number().int()
})
export type ProjectInfo = z.infer<typeof ProjectInfo>
