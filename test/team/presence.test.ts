// Who is online, through the real HTTP host: two annotators' event streams open and close, and the
// lead's own stream hears each change as a team.presence event naming the project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Caller } from '../../src/shared/api/people'
import type { TeamLive } from '../../src/shared/api/team'
import { EventBus } from '../../src/main/events'
import { Presence } from '../../src/main/team/presence'
import { openEventStream, type EventStreamClient } from '../helpers/eventStream'
import { ask, startQueueTeam, type QueueTeam } from '../helpers/queueTeam'
import { addPerson, operator, postAs } from '../helpers/team'

let team: QueueTeam
const streams: EventStreamClient[] = []
const open = async (token: string) => {
  const stream = await openEventStream(team.host.port, token)
  streams.push(stream)
  return stream
}
const presence = (personId: number, online: boolean) => (e: { event: string; data: Record<string, unknown> }) =>
  e.event === 'team.presence' && e.data.personId === personId && e.data.online === online

beforeAll(async () => {
  team = await startQueueTeam(6, 2)
})
afterAll(async () => {
  for (const s of streams) s.close()
  await team?.close()
})

describe('event streams per person', () => {
  it("caps a person's own streams, not everyone's behind one address", async () => {
    const [ann, bob] = team.annotators
    const mine: EventStreamClient[] = []
    for (let i = 0; i < 8; i++) mine.push(await openEventStream(team.host.port, ann.token))
    await expect(openEventStream(team.host.port, ann.token)).rejects.toThrow('event stream answered 429')
    // Bob comes from the same address (loopback) and still gets his
    const his = await openEventStream(team.host.port, bob.token)
    his.close()
    // a closed tab frees its place
    mine.pop()!.close()
    await expect
      .poll(async () =>
        openEventStream(team.host.port, ann.token).then(
          (s) => (mine.push(s), true),
          () => false
        )
      )
      .toBe(true)
    for (const s of mine) s.close()
  })
})

describe('team.live over the real host', () => {
  it('shows both annotators online on their own clips, then one offline once its stream closes', async () => {
    const [ann, bob] = team.annotators
    const lead = await open(team.lead)
    const annStream = await open(ann.token)
    const bobStream = await open(bob.token)
    for (const person of [ann, bob]) {
      const seen = await lead.next(presence(person.personId, true))
      expect(seen.data).toEqual({ project: team.project, personId: person.personId, name: person.name, role: 'annotator', online: true })
    }
    await ask(team.host, team.lead, 'queue.saveSettings', { project: team.project, leaseSeconds: 90 })
    const annLease = await ask<{ clipId: number }>(team.host, ann.token, 'queue.next', { project: team.project })
    const bobLease = await ask<{ clipId: number }>(team.host, bob.token, 'queue.next', { project: team.project })
    expect(annLease.clipId).not.toBe(bobLease.clipId)

    const live = await ask<TeamLive>(team.host, ann.token, 'team.live', { project: team.project })
    const online = Object.fromEntries(live.online.map((p) => [p.name, p]))
    expect(Object.keys(online).sort()).toEqual(['Lena', ann.name, bob.name].sort())
    expect(online[ann.name]).toMatchObject({ role: 'annotator', streams: 1, lease: { clipId: annLease.clipId } })
    expect(online[bob.name]).toMatchObject({ streams: 1, lease: { clipId: bobLease.clipId } })
    expect(online.Lena).toMatchObject({ role: 'lead', lease: null })
    // 90 s leases end within the two minutes
    expect(live.expiringSoon.map((l) => l.clipId).sort()).toEqual([annLease.clipId, bobLease.clipId].sort())

    annStream.close()
    const gone = await lead.next(presence(ann.personId, false))
    expect(gone.data).toMatchObject({ project: team.project, name: ann.name, online: false })
    const after = await ask<TeamLive>(team.host, team.lead, 'team.live', { project: team.project })
    expect(after.online.map((p) => p.name).sort()).toEqual(['Lena', bob.name].sort())
    // the lease outlives the page until it lapses
    expect(after.leases.map((l) => l.name).sort()).toEqual([ann.name, bob.name].sort())
    bobStream.close()
    await lead.next(presence(bob.personId, false))
  })

  it("a lead of another project on the host hears only their own project's presence", async () => {
    const other = (await operator<{ id: string }>(team.host, 'project.create', { name: 'Other project' })).id
    const otto = await addPerson(team.host, other, 'Otto', 'lead')
    const olga = await addPerson(team.host, other, 'Olga', 'annotator')
    const ottoStream = await open(otto.token)
    await open(team.annotators[0].token)
    // events reach a stream in the order sent: Olga's coming after Ann's, Ann's would be there first
    await open(olga.token)
    await ottoStream.next(presence(olga.personId, true))
    const heard = ottoStream.events.filter((e) => e.event === 'team.presence')
    // (Otto's own coming online was sent before his stream listened)
    expect(heard.map((e) => [e.data.project, e.data.name])).toEqual([[other, 'Olga']])
  })

  it('leaves the per-person table to leads and reviewers, and shows who is online to everyone', async () => {
    const annotator = team.annotators[0].token
    expect((await postAs(team.host, annotator, 'team.people', { project: team.project })).status).toBe(403)
    expect((await postAs(team.host, annotator, 'report.humanAgreement', { project: team.project })).status).toBe(403)
    expect((await postAs(team.host, annotator, 'team.live', { project: team.project })).status).toBe(200)
    const table = await ask<{ name: string }[]>(team.host, team.lead, 'team.people', { project: team.project })
    expect(table.map((p) => p.name).sort()).toEqual(['Lena', ...team.annotators.map((a) => a.name)].sort())
  })
})

describe('a revoked person', () => {
  it('is not listed online, though their page still holds its stream open', async () => {
    const bob = team.annotators[1]
    await open(bob.token)
    const names = async () => (await ask<TeamLive>(team.host, team.lead, 'team.live', { project: team.project })).online.map((p) => p.name)
    expect(await names()).toContain(bob.name)
    await operator(team.host, 'people.revoke', { project: team.project, personId: bob.personId })
    expect(await names()).not.toContain(bob.name)
  })
})

describe('presence without a page', () => {
  const caller: Caller = { kind: 'person', personId: 7, name: 'Sam', role: 'annotator', project: 'p1' }

  it('a request keeps a person online for a minute, then the sweep takes them offline (clock given, no waiting)', () => {
    const bus = new EventBus()
    const heard: unknown[] = []
    bus.subscribe((event, payload) => heard.push([event, payload]))
    let now = 1_000_000
    const people = new Presence(bus, () => now)
    people.seen(caller)
    people.seen(caller)
    expect(heard).toEqual([['team.presence', { project: 'p1', personId: 7, name: 'Sam', role: 'annotator', online: true }]])
    now += 59_000
    expect(people.online('p1').map((p) => p.name)).toEqual(['Sam'])
    expect(people.online('p2')).toEqual([])
    now += 1_000
    people.sweep()
    expect(people.online('p1')).toEqual([])
    expect(heard[1]).toEqual(['team.presence', { project: 'p1', personId: 7, name: 'Sam', role: 'annotator', online: false }])
  })

  it('two open pages: the person stays online until the last one closes; the operator is never listed', () => {
    const bus = new EventBus()
    let events = 0
    bus.subscribe(() => events++)
    const people = new Presence(bus, () => 5)
    const first = people.opened(caller)
    const second = people.opened(caller)
    first()
    first()
    expect(people.online('p1')[0]).toMatchObject({ name: 'Sam', streams: 1 })
    second()
    expect(people.online('p1')).toEqual([])
    people.seen({ kind: 'operator', name: null, role: 'lead' })
    expect(events).toBe(2)
  })
})
