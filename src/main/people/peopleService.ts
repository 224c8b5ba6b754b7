import type { Caller, Person } from '../../shared/api/people'
import { ApiError } from '../../shared/errors'
import type { Role } from '../../shared/roles'
import type { ProjectsService } from '../projects/projects'
import { withoutHash, type PersonRecord } from '../store/people'
import type { ProjectStore } from '../store/project'
import { currentCaller } from './caller'
import { issueSecret, parsePersonToken, secretMatches } from './tokens'

/** A verified sign-in: the caller, and what a session or cached bearer token re-checks on every request. */
export interface Credential {
  project: string
  personId: number
  /** The token's hash when it was verified: a reissue changes it, so old sessions end. */
  hash: Buffer
}

export interface Issued {
  person: Person
  token: string
  link: string
}

/** The people of each project, and checking their tokens (docs/team.md). */
export class PeopleService {
  /** Where hosts serve people (scheme://host:port), the newest first: sign-in links start with it. */
  private origins: string[] = []

  constructor(private projects: ProjectsService) {}

  /** A host now serves people at `origin`; the returned function says it stopped. */
  servedAt(origin: string): () => void {
    this.origins.unshift(origin)
    return () => {
      const i = this.origins.indexOf(origin)
      if (i >= 0) this.origins.splice(i, 1)
    }
  }

  list(): Person[] {
    return this.projects.require().people.list()
  }

  async add(name: string, role: Role): Promise<Issued> {
    const store = this.projects.require()
    const clean = name.trim()
    if (store.people.byName(clean)) {
      throw new ApiError('conflict', `"${clean}" is already a person of this project; reissue their token or pick another name`)
    }
    return this.issue(store, store.people.add(clean, role))
  }

  setRole(personId: number, role: Role): Person {
    const store = this.projects.require()
    this.person(store, personId)
    store.people.setRole(personId, role)
    return withoutHash(this.person(store, personId))
  }

  revoke(personId: number): Person {
    const store = this.projects.require()
    this.person(store, personId)
    store.people.revoke(personId)
    return withoutHash(this.person(store, personId))
  }

  reissue(personId: number): Promise<Issued> {
    const store = this.projects.require()
    this.person(store, personId)
    return this.issue(store, personId)
  }

  me(): Caller {
    return currentCaller()
  }

  /** The person a token names, if it is theirs and not revoked; null for anything else. */
  async signIn(token: string): Promise<{ caller: Caller; credential: Credential } | null> {
    const parsed = parsePersonToken(token)
    const store = parsed && this.projects.find(parsed.project)
    const person = parsed && store ? store.people.get(parsed.personId) : null
    if (!parsed || !person?.salt || !person.hash || person.revokedAt) return null
    if (!(await secretMatches(parsed.secret, person.salt, person.hash))) return null
    const credential = { project: parsed.project, personId: person.id, hash: person.hash }
    return { caller: callerOf(person, parsed.project), credential }
  }

  /** The caller a session stands for, read afresh: null once revoked, reissued or the project closed. */
  check(credential: Credential): Caller | null {
    const now = this.current(credential.project, credential.personId)
    return now && now.credential.hash.equals(credential.hash) ? now.caller : null
  }

  /** A person as the file has them now, with their token's current hash: null once revoked, without a token or the project closed. */
  current(project: string, personId: number): { caller: Caller; credential: Credential } | null {
    const person = this.projects.find(project)?.people.get(personId)
    if (!person?.hash || person.revokedAt) return null
    return { caller: callerOf(person, project), credential: { project, personId, hash: person.hash } }
  }

  private async issue(store: ProjectStore, personId: number): Promise<Issued> {
    const { token, salt, hash } = await issueSecret(store.id, personId)
    store.people.setToken(personId, salt, hash)
    // Relative only while no host serves people (the desktop app before "Share this project").
    return { person: withoutHash(this.person(store, personId)), token, link: `${this.origins[0] ?? ''}/?token=${token}` }
  }

  private person(store: ProjectStore, id: number): PersonRecord {
    const person = store.people.get(id)
    if (!person) throw new ApiError('not_found', `No person #${id} in this project`)
    return person
  }
}

function callerOf(person: PersonRecord, project: string): Caller {
  return { kind: 'person', personId: person.id, name: person.name, role: person.role, project }
}
