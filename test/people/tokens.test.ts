// Person tokens on the real HTTP host: kept only as hashes, signing in by link or bearer, revocation
// and reissue taking effect at once, the caller's own name on what they save, and wrong tokens rate-limited.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyCaption } from '../../src/shared/caption'
import { EXAMPLES_DIR } from '../helpers/fixtures'
import { addPerson, operator, postAs, startTeam, type Team } from '../helpers/team'

let team: Team
let file: string
let clipId: number

beforeAll(async () => {
  team = await startTeam()
  const info = (await operator<{ id: string; path: string }[]>(team.host, 'project.list', {})).find((p) => p.id === team.project)!
  file = info.path
  await operator(team.host, 'clips.import', { project: team.project, kind: 'folder', path: path.join(EXAMPLES_DIR, 'data') })
  const list = await operator<{ rows: { id: number }[] }>(team.host, 'clips.list', { project: team.project })
  clipId = list.rows[0].id
})
afterAll(() => team?.close())

const base = () => `http://127.0.0.1:${team.host.port}`

/** Opens a sign-in link (absolute, at this host's address) as a browser would: the answer's cookie is the session. */
async function signInByLink(link: string): Promise<string> {
  expect(link.startsWith(`${base()}/?token=skp_`)).toBe(true)
  const res = await fetch(link, { redirect: 'manual' })
  expect(res.status).toBe(302)
  expect(res.headers.get('location')).toBe('/')
  const cookie = res.headers.get('set-cookie') ?? ''
  expect(cookie).toMatch(/HttpOnly/i)
  expect(cookie).toMatch(/SameSite=Strict/i)
  return cookie.split(';')[0]
}

async function withCookie(cookie: string, route: string, input: unknown) {
  const res = await fetch(`${base()}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(input) })
  return { status: res.status, body: await res.json() }
}

describe('person tokens', () => {
  it('name their project and person, and only their scrypt hash is stored', async () => {
    const { token } = await addPerson(team.host, team.project, 'Hana', 'annotator')
    expect(token).toMatch(new RegExp(`^skp_${team.project}_\\d+_[\\w-]{43}$`))
    const secret = token.split('_').slice(3).join('_')
    for (const f of [file, `${file}-wal`].filter((f) => fs.existsSync(f))) {
      const bytes = fs.readFileSync(f)
      expect(bytes.includes(secret), `${path.basename(f)} holds the token`).toBe(false)
      expect(bytes.includes(Buffer.from(secret, 'base64url')), `${path.basename(f)} holds the token's bytes`).toBe(false)
    }
    const db = new Database(file, { readonly: true })
    const row = db.prepare("SELECT token_salt, token_hash FROM people WHERE name = 'Hana'").get() as { token_salt: Buffer; token_hash: Buffer }
    db.close()
    expect(row.token_salt).toHaveLength(16)
    expect(row.token_hash).toHaveLength(32)
  })

  it('sign a person in by link (a session cookie) and say who they are', async () => {
    const { link } = await addPerson(team.host, team.project, 'Ivo', 'reviewer')
    const cookie = await signInByLink(link)
    const me = await withCookie(cookie, 'people.me', {})
    expect(me.body.data).toMatchObject({ kind: 'person', name: 'Ivo', role: 'reviewer', project: team.project })
    expect((await postAs(team.host, team.host.token, 'people.me', {})).body.data).toMatchObject({ kind: 'operator', role: 'lead', name: null })
    // the host opened the other project last; a person's page still starts on their own
    const info = await withCookie(cookie, 'app.info', {})
    expect(info.body.data.project.id).toBe(team.project)
  })

  it('stop working at once when revoked: the session and the bearer token both', async () => {
    const { link, token, personId } = await addPerson(team.host, team.project, 'Jo', 'annotator')
    const cookie = await signInByLink(link)
    expect((await withCookie(cookie, 'clips.counts', { project: team.project })).status).toBe(200)
    expect((await postAs(team.host, token, 'clips.counts', { project: team.project })).status).toBe(200)
    await operator(team.host, 'people.revoke', { project: team.project, personId })
    const after = await withCookie(cookie, 'clips.counts', { project: team.project })
    expect(after.status).toBe(401)
    expect(after.body.error.message).toContain('session has ended')
    expect((await postAs(team.host, token, 'clips.counts', { project: team.project })).status).toBe(401)
  })

  it('are replaced by a reissue: the old token and its sessions end, the new one works, the role follows changes', async () => {
    const first = await addPerson(team.host, team.project, 'Kai', 'annotator')
    const cookie = await signInByLink(first.link)
    const again = await operator<{ token: string }>(team.host, 'people.reissue', { project: team.project, personId: first.personId })
    expect((await withCookie(cookie, 'people.me', {})).status).toBe(401)
    expect((await postAs(team.host, first.token, 'people.me', {})).status).toBe(401)
    await operator(team.host, 'people.setRole', { project: team.project, personId: first.personId, role: 'reviewer' })
    expect((await postAs(team.host, again.token, 'people.me', {})).body.data).toMatchObject({ name: 'Kai', role: 'reviewer' })
  })

  it('refuse a second person of the same name with a clear message', async () => {
    const answer = await postAs(team.host, team.host.token, 'people.add', { project: team.project, name: 'Ann', role: 'lead' })
    expect(answer.status).toBe(409)
    expect(answer.body.error?.message).toContain('"Ann" is already a person of this project')
  })
})

describe("a person's name on their work", () => {
  it('is their own on a save, whatever the input says', async () => {
    const saved = await postAs(team.host, team.tokens.annotator, 'captions.save', {
      project: team.project,
      clipId,
      caption: emptyCaption(),
      status: 'in_progress',
      annotator: 'Somebody Else',
      baseNumber: 0
    })
    expect(saved.status).toBe(200)
    expect((saved.body.data as { annotator: string }).annotator).toBe('Ann')
    const history = await operator<{ annotator: string }[]>(team.host, 'captions.history', { project: team.project, clipId })
    expect(history.map((r) => r.annotator)).toEqual(['Ann'])
  })

  it('is their own on a bulk status change and a fusion caption edit', async () => {
    const bulk = await postAs(team.host, team.tokens.lead, 'clips.bulkStatus', { project: team.project, ids: [clipId], status: 'approved', annotator: 'typed' })
    expect(bulk.body).toMatchObject({ ok: true, data: { changed: 1 } })
    const history = await operator<{ annotator: string }[]>(team.host, 'captions.history', { project: team.project, clipId })
    expect(history.map((r) => r.annotator).sort()).toEqual(['Ann', 'Lena'])
    const fused = await postAs(team.host, team.tokens.reviewer, 'fusion.save', {
      project: team.project,
      clipId,
      task: 't2v',
      text: 'A prompt.',
      annotator: 'typed',
      baseNumber: 0
    })
    expect(fused.status).toBe(200)
    expect((fused.body.data as { annotator: string }).annotator).toBe('Rita')
  })

  it("is their own on a job they start, and none on the operator's", async () => {
    // a stand-in for pre-labeling's work, which never gets going: only who started the job is under test
    const idle = { prepare: () => new Promise<void>(() => undefined), concurrency: () => 1, processOne: async () => undefined, store: () => undefined }
    team.app.jobs.register('prelabel', { work: () => idle })
    const engine = { endpoints: [{ url: 'http://127.0.0.1:9', concurrency: 1 }] }
    const started = await postAs(team.host, team.tokens.lead, 'prelabel.start', { project: team.project, scope: 'selected', clipIds: [clipId], engine })
    expect(started.body).toMatchObject({ ok: true, data: { startedBy: 'Lena' } })
    const id = (started.body.data as { id: number }).id
    await operator(team.host, 'jobs.cancel', { project: team.project, id })
    const listed = await postAs(team.host, team.tokens.annotator, 'jobs.list', { project: team.project })
    expect((listed.body.data as { id: number; startedBy: string | null }[]).find((j) => j.id === id)?.startedBy).toBe('Lena')
    const own = await operator<{ id: number; startedBy: string | null }>(team.host, 'prelabel.start', {
      project: team.project,
      scope: 'selected',
      clipIds: [clipId],
      engine
    })
    expect(own.startedBy).toBeNull()
    await operator(team.host, 'jobs.cancel', { project: team.project, id: own.id })
  })

  it("is the operator's typed name for the host token, as on the desktop", async () => {
    const saved = await postAs(team.host, team.host.token, 'captions.save', {
      project: team.project,
      clipId,
      caption: emptyCaption(),
      status: 'in_progress',
      annotator: 'Desk Lead',
      baseNumber: 2
    })
    expect((saved.body.data as { annotator: string }).annotator).toBe('Desk Lead')
  })

  it("gets no media of another project's clips", async () => {
    const res = await fetch(`${base()}/media/${team.project}/${clipId}`, { headers: { authorization: `Bearer ${team.tokens.otherLead}` } })
    expect(res.status).toBe(404)
    const own = await fetch(`${base()}/media/${team.project}/${clipId}`, { headers: { authorization: `Bearer ${team.tokens.annotator}` } })
    expect(own.status).toBe(200)
  })
})

// last: the limit is per client address, and every test here comes from 127.0.0.1
describe('wrong person tokens', () => {
  it('are rate-limited like wrong host tokens', async () => {
    const wrong = `skp_${team.project}_1_${'A'.repeat(43)}`
    const answers = []
    // at most ten a minute; the revoked and reissued tokens above already used some
    for (let i = 0; i < 11; i++) answers.push(await postAs(team.host, wrong, 'people.me', {}))
    const statuses = answers.map((a) => a.status)
    const firstRefused = statuses.indexOf(429)
    expect(statuses[0]).toBe(401)
    expect(firstRefused).toBeGreaterThan(0)
    expect(statuses.slice(firstRefused)).toEqual(Array(statuses.length - firstRefused).fill(429))
    expect(answers.at(-1)?.body.error?.message).toContain('Too many wrong tokens')
  })
})
