// A person's session cookie on the real host process (serve.ts as a child): it survives a restart with the same
// --token, ends at once on a reissue or a revocation, ends with another --token, and holds no secret in clear.
import { afterEach, describe, expect, it } from 'vitest'
import { addPerson, operator } from '../helpers/team'
import { startChildHost, startTeamSession, type ChildHost, type TeamSession } from '../helpers/teamHost'

let running: ChildHost | null = null
afterEach(async () => {
  await running?.served.stop()
  running = null
})

/** Opens a sign-in link (absolute, at the host's address) as a browser would; the cookie it sets is the session. */
async function signIn(child: ChildHost, link: string): Promise<string> {
  expect(link.startsWith(`http://127.0.0.1:${child.host.port}/?token=`)).toBe(true)
  const res = await fetch(link, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return (res.headers.get('set-cookie') ?? '').split(';')[0]
}

async function asCookie(child: ChildHost, cookie: string, route: string, input: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${child.host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input)
  })
  return { status: res.status, body: await res.json() }
}

/** Stops the host and starts it again on the same port (cookies are named by port) with `token`. */
async function restart(session: TeamSession, token = session.token): Promise<ChildHost> {
  const port = running!.host.port
  await running!.served.stop()
  running = await startChildHost({ ...session, token }, port)
  return running
}

describe("a person's session across host restarts (real serve.ts child process)", () => {
  it('keeps people signed in after a restart with the same token, and a reissue or revocation still ends it at once', async () => {
    const { session, child } = await startTeamSession(5, 0)
    running = child
    const { project } = session
    const ann = await addPerson(child.host, project, 'Ann', 'annotator')
    const ben = await addPerson(child.host, project, 'Ben', 'reviewer')
    const annCookie = await signIn(child, ann.link)
    const benCookie = await signIn(child, ben.link)
    for (const [cookie, token] of [
      [annCookie, ann.token],
      [benCookie, ben.token]
    ]) {
      expect(cookie).not.toContain(token.split('_').slice(3).join('_'))
      expect(cookie).not.toContain(session.token)
    }

    let host = await restart(session)
    expect((await asCookie(host, annCookie, 'people.me', {})).body.data).toMatchObject({ kind: 'person', name: 'Ann', role: 'annotator', project })
    expect((await asCookie(host, benCookie, 'people.me', {})).body.data).toMatchObject({ name: 'Ben', role: 'reviewer' })

    await operator(host.host, 'people.reissue', { project, personId: ben.personId })
    const ended = await asCookie(host, benCookie, 'people.me', {})
    expect(ended.status).toBe(401)
    expect(ended.body.error.message).toContain('session has ended')
    expect((await asCookie(host, annCookie, 'people.me', {})).status).toBe(200)

    // a role change follows the session; a revocation ends it, and a restart does not bring it back
    await operator(host.host, 'people.setRole', { project, personId: ann.personId, role: 'lead' })
    expect((await asCookie(host, annCookie, 'people.me', {})).body.data).toMatchObject({ name: 'Ann', role: 'lead' })
    await operator(host.host, 'people.revoke', { project, personId: ann.personId })
    expect((await asCookie(host, annCookie, 'people.me', {})).status).toBe(401)
    host = await restart(session)
    expect((await asCookie(host, annCookie, 'people.me', {})).status).toBe(401)
  })

  it('ends every session when the host restarts with another token', async () => {
    const { session, child } = await startTeamSession(5, 0)
    running = child
    const cara = await addPerson(child.host, session.project, 'Cara', 'annotator')
    const cookie = await signIn(child, cara.link)
    expect((await asCookie(child, cookie, 'people.me', {})).status).toBe(200)
    const host = await restart(session, `another-team-host-token-${process.pid}-0123456789`)
    const answer = await asCookie(host, cookie, 'people.me', {})
    expect(answer.status).toBe(401)
    expect(answer.body.error.message).toContain('session has ended')
    // the link itself still works
    expect((await asCookie(host, await signIn(host, cara.link), 'people.me', {})).body.data).toMatchObject({ name: 'Cara' })
  })
})
