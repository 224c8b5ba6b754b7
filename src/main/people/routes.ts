import type { RouteHandlers } from '../router'
import type { peopleApi } from '../../shared/api/people'
import type { PeopleService } from './peopleService'

export function peopleRoutes(people: PeopleService): RouteHandlers<keyof typeof peopleApi> {
  return {
    'people.list': () => people.list(),
    'people.add': ({ name, role }) => people.add(name, role),
    'people.setRole': ({ personId, role }) => people.setRole(personId, role),
    'people.revoke': ({ personId }) => people.revoke(personId),
    'people.reissue': ({ personId }) => people.reissue(personId),
    'people.me': () => people.me()
  }
}
