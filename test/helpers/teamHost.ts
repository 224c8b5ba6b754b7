// The real host process (serve.ts as a child) on a queue project with annotators: the kill -9 test and bench:team.
import path from 'node:path'
import type { HttpHost } from '../../src/main/hosts/http/http'
import { projectIdOf } from '../../src/main/store/project'
import { queueProjectFile } from './queueTeam'
import { testRootFlags } from './roots'
import { startServe, type Served } from './serve'
import { addPerson } from './team'
import { tempDir } from './temp'

export interface ChildHost {
  host: HttpHost
  served: Served
}

export interface TeamSession {
  dataDir: string
  file: string
  project: string
  /** The host's own token (the operator's), the same across restarts. */
  token: string
  annotators: { token: string; personId: number; name: string }[]
}

/** Starts serve.ts on the session's data folder and project file (on `port`, 0: any free one), and waits until it serves. */
export async function startChildHost(session: Omit<TeamSession, 'annotators'>, port = 0): Promise<ChildHost> {
  const served = startServe(['--port', String(port), `--token=${session.token}`, '--data-dir', session.dataDir, '--project', session.file, ...testRootFlags()])
  const url = /serving at (http:\/\/\S+)/.exec(await served.line)![1]
  const listening = Number(new URL(url).port)
  return { host: { url, port: listening, token: session.token, close: () => served.stop() }, served }
}

/** A project of `clips` clips in progress on a host child process, with `annotators` people holding tokens. */
export async function startTeamSession(clips: number, annotators: number): Promise<{ session: TeamSession; child: ChildHost }> {
  const dataDir = path.join(tempDir('skycap-teamhost-'), 'data')
  const file = queueProjectFile(dataDir, clips)
  const base = { dataDir, file, project: projectIdOf(file), token: `team-host-token-${process.pid}-0123456789` }
  const child = await startChildHost(base)
  const people = []
  for (let i = 0; i < annotators; i++) {
    const name = `annotator ${i + 1}`
    people.push({ ...(await addPerson(child.host, base.project, name, 'annotator')), name })
  }
  return { session: { ...base, annotators: people }, child }
}
