import { z } from 'zod'
import { ROLES } from '../roles'

export const Role = z.enum(ROLES)

export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role,
  /** False for people made from names in older projects, until the lead issues a token. */
  hasToken: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable()
})
export type Person = z.infer<typeof Person>

/** Who is calling: the host's own token holder (operator, a lead everywhere), or a person of one project. */
export const Caller = z.object({
  kind: z.enum(['operator', 'person']),
  personId: z.number().int().optional(),
  /** Null for the operator: the desktop app's annotator prompt names them. */
  name: z.string().nullable(),
  role: Role,
  /** The person's project; the operator is not bound to one. */
  project: z.string().optional()
})
export type Caller = z.infer<typeof Caller>

const PersonName = z.string().trim().min(1, 'a person needs a name').max(100)
const personRef = z.object({ personId: z.number().int() })
/** Shown once: only its hash is kept. The link is absolute, at the address people use (the public origin, or the host's own). */
const Issued = z.object({ person: Person, token: z.string(), link: z.string() })

/** The project's people; every route but people.me is the lead's. */
export const peopleApi = {
  'people.list': { input: z.object({}).strict(), output: z.array(Person) },
  'people.add': { input: z.object({ name: PersonName, role: Role }), output: Issued },
  'people.setRole': { input: personRef.extend({ role: Role }), output: Person },
  /** The token stops working and the person's sessions end at once. */
  'people.revoke': { input: personRef, output: Person },
  /** A new token (the old one stops working); also un-revokes. */
  'people.reissue': { input: personRef, output: Issued },
  /** Who the request is made as; a host route, so a person's page learns its project from it. */
  'people.me': { input: z.object({}).strict(), output: Caller }
} as const
