import { EXPIRING_SOON_SECONDS, type HumanAgreementReport, type PersonFigures, type TeamLive } from '../../shared/api/team'
import type { ProjectsService } from '../projects/projects'
import type { QueueService } from '../queue/queueService'
import type { Presence } from './presence'
import { humanAgreementReport, teamPeople } from './teamFigures'

/** Agreement between annotators, the per-person table and the live team view (docs/team.md). */
export class TeamService {
  constructor(
    private projects: ProjectsService,
    private presence: Presence,
    private queue: QueueService
  ) {}

  humanAgreement(): Promise<HumanAgreementReport> {
    return humanAgreementReport(this.projects.require().file)
  }

  people(): Promise<PersonFigures[]> {
    return teamPeople(this.projects.require().file)
  }

  live(): TeamLive {
    const store = this.projects.require()
    const now = Date.now()
    const leases = this.queue.leases()
    const held = new Map(leases.map((l) => [l.personId, l]))
    return {
      now: new Date(now).toISOString(),
      online: this.presence.online(store.id).flatMap((p) => {
        // the file has the last word: a revoked person's page may still hold its stream open, and a role may have changed
        const person = store.people.get(p.personId)
        return person && !person.revokedAt ? [{ ...p, name: person.name, role: person.role, lease: held.get(p.personId) ?? null }] : []
      }),
      leases,
      expiringSoon: leases.filter((l) => Date.parse(l.expiresAt) - now <= EXPIRING_SOON_SECONDS * 1000)
    }
  }
}
