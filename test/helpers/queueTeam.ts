// A real HTTP host on a project of generated clips (none approved), with annotators who have tokens: the queue tests' setup.
import path from 'node:path'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { fillProject } from './bulkProject'
import { testRoots } from './roots'
import { addPerson, operator, postAs } from './team'
import { tempDir } from './temp'

export interface QueueTeam {
  app: StudioApp
  host: HttpHost
  project: string
  file: string
  lead: string
  annotators: { token: string; personId: number; name: string }[]
  close(): Promise<void>
}

/** A project file of `clips` clips in progress, written before the host opens it. */
export function queueProjectFile(dataDir: string, clips: number): string {
  const file = path.join(dataDir, 'projects', 'queue.sqlite')
  fillProject(file, 0, clips, undefined, () => 'in_progress')
  return file
}

export async function startQueueTeam(clips: number, annotators: number): Promise<QueueTeam> {
  const dataDir = path.join(tempDir('skycap-queue-'), 'data')
  const file = queueProjectFile(dataDir, clips)
  const app = createStudioApp({ dataDir, roots: testRoots() })
  const host = await startHttpHost({ app, port: 0 })
  const project = (await operator<{ id: string }>(host, 'project.open', { path: file })).id
  const lead = (await addPerson(host, project, 'Lena', 'lead')).token
  const people = []
  for (let i = 0; i < annotators; i++) {
    const name = `annotator ${i + 1}`
    people.push({ ...(await addPerson(host, project, name, 'annotator')), name })
  }
  return {
    app,
    host,
    project,
    file,
    lead,
    annotators: people,
    close: async () => {
      await host.close()
      await app.close()
    }
  }
}

/** A route's data as the token's holder; throws with the message on a refusal. */
export async function ask<T>(host: HttpHost, token: string, route: string, input: object): Promise<T> {
  const answer = await postAs(host, token, route, input)
  if (!answer.body.ok) throw new Error(`${route} (${answer.status}): ${answer.body.error?.message}`)
  return answer.body.data as T
}
