// A real HTTP host on a project of fresh clips (pre-labelled with real seed captions, no human revision yet),
// with a lead, a reviewer and annotators who have tokens: the blind overlap tests' setup.
import path from 'node:path'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { ProjectStore } from '../../src/main/store/project'
import { realCaptions } from './bulkProject'
import { fileInfo, MODEL } from './library'
import { ask } from './queueTeam'
import { testRoots } from './roots'
import { addPerson, operator } from './team'
import { tempDir } from './temp'

export interface Person {
  token: string
  personId: number
  name: string
}

export interface OverlapTeam {
  app: StudioApp
  host: HttpHost
  project: string
  file: string
  lead: Person
  reviewer: Person
  annotators: Person[]
  /** The route's data as the person; throws with the message on a refusal. */
  as<T>(who: Person, route: string, input?: object): Promise<T>
  close(): Promise<void>
}

/** `clips` fresh clips named clip-1.mp4, clip-2.mp4...; the lead sets the overlap share. */
export async function startOverlapTeam(clips: number, annotators: number, overlapShare: number): Promise<OverlapTeam> {
  const dataDir = path.join(tempDir('skycap-overlap-'), 'data')
  const file = path.join(dataDir, 'projects', 'overlap.sqlite')
  const store = ProjectStore.create(file, 'Overlap')
  store.recordClips(
    Array.from({ length: clips }, (_, i) => ({
      path: `/videos/clip-${i + 1}.mp4`,
      info: fileInfo(),
      extra: {},
      prelabels: [{ rawText: `clip ${i + 1}`, caption: realCaptions[i % realCaptions.length], problems: [], source: MODEL, timings: {} }]
    }))
  )
  store.close()
  const app = createStudioApp({ dataDir, roots: testRoots() })
  const host = await startHttpHost({ app, port: 0 })
  const project = (await operator<{ id: string }>(host, 'project.open', { path: file })).id
  const person = async (name: string, role: 'lead' | 'reviewer' | 'annotator'): Promise<Person> => ({ ...(await addPerson(host, project, name, role)), name })
  const lead = await person('Lena', 'lead')
  const reviewer = await person('Rui', 'reviewer')
  const people: Person[] = []
  for (let i = 0; i < annotators; i++) people.push(await person(`annotator ${i + 1}`, 'annotator'))
  const as = <T>(who: Person, route: string, input: object = {}) => ask<T>(host, who.token, route, { project, ...input })
  await as(lead, 'queue.saveSettings', { leaseSeconds: 900, overlapShare })
  return {
    app,
    host,
    project,
    file,
    lead,
    reviewer,
    annotators: people,
    as,
    close: async () => {
      await host.close()
      await app.close()
    }
  }
}
