import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Caller } from '../../../shared/api/people'
import type { Credential, PeopleService } from '../../people/peopleService'

const COOKIE = /^([0-9a-f]{16})\.([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/

export interface PersonSessions {
  /** The cookie value for a person who just signed in. */
  cookieFor(credential: Credential): string
  /** The person a cookie stands for; null for a person's cookie that has ended; undefined for anything else. */
  callerOf(value: string): Caller | null | undefined
}

/**
 * A person's session cookie is `<project>.<person id>.<mac>`, the mac an HMAC keyed by the host token
 * over the project, the person and their token's current hash. The host keeps nothing in memory, so a
 * restart with the same --token keeps everyone signed in; a reissue changes the hash and a revocation
 * fails the lookup, so both end the session at once. Neither the token nor the hash can be had from the cookie.
 */
export function personSessions(hostToken: string, people: Pick<PeopleService, 'current'>): PersonSessions {
  const mac = (c: Credential) =>
    createHmac('sha256', hostToken).update(`skycap-person-session\0${c.project}\0${c.personId}\0`).update(c.hash).digest('base64url')
  return {
    cookieFor: (c) => `${c.project}.${c.personId}.${mac(c)}`,
    callerOf(value) {
      const m = COOKIE.exec(value)
      if (!m) return undefined
      const now = people.current(m[1], Number(m[2]))
      return now && timingSafeEqual(Buffer.from(mac(now.credential)), Buffer.from(m[3])) ? now.caller : null
    }
  }
}
