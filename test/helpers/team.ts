// A real HTTP host with two projects and people of each, for the role and token tests.
import path from 'node:path'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import type { Role } from '../../src/shared/roles'
import { studioFetch } from './loopback'
import { testRoots } from './roots'
import { tempDir } from './temp'

export interface Team {
  app: StudioApp
  host: HttpHost
  /** The project the people work in, and another one on the same host. */
  project: string
  other: string
  /** Tokens of project's lead, reviewer and annotator, of a lead of the other project, and of a revoked annotator. */
  tokens: Record<Role | 'otherLead' | 'revoked', string>
  close(): Promise<void>
}

export interface Answer {
  status: number
  body: { ok: boolean; data?: unknown; error?: { code: string; message: string } }
}

/** POST /api/<route> as the holder of `token` (a bearer token, as a script would send it). */
export async function postAs(host: HttpHost, token: string, route: string, input: unknown): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input)
  })
  return { status: res.status, body: await res.json() }
}

/** The same with the host's own token: the operator. */
export async function operator<T = unknown>(host: HttpHost, route: string, input: unknown): Promise<T> {
  const res = await studioFetch(host, `http://127.0.0.1:${host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input)
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${route}: ${body.error.message}`)
  return body.data as T
}

export async function addPerson(host: HttpHost, project: string, name: string, role: Role): Promise<{ token: string; personId: number; link: string }> {
  const issued = await operator<{ token: string; link: string; person: { id: number } }>(host, 'people.add', { project, name, role })
  return { token: issued.token, link: issued.link, personId: issued.person.id }
}

export async function startTeam(): Promise<Team> {
  const dir = tempDir('skycap-team-')
  const app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: testRoots() })
  const host = await startHttpHost({ app, port: 0 })
  const project = (await operator<{ id: string }>(host, 'project.create', { name: 'Team project' })).id
  const other = (await operator<{ id: string }>(host, 'project.create', { name: 'Other project' })).id
  const revoked = await addPerson(host, project, 'Rex', 'annotator')
  await operator(host, 'people.revoke', { project, personId: revoked.personId })
  const tokens = {
    lead: (await addPerson(host, project, 'Lena', 'lead')).token,
    reviewer: (await addPerson(host, project, 'Rita', 'reviewer')).token,
    annotator: (await addPerson(host, project, 'Ann', 'annotator')).token,
    otherLead: (await addPerson(host, other, 'Otto', 'lead')).token,
    revoked: revoked.token
  }
  return {
    app,
    host,
    project,
    other,
    tokens,
    close: async () => {
      await host.close()
      await app.close()
    }
  }
}
