import type { Person } from '../../shared/api/people'
import type { Role } from '../../shared/roles'
import type { Db } from './db'
import { nowIso } from './json'

/** A person with the hash their token is checked against (never leaves the main process). */
export interface PersonRecord extends Person {
  salt: Buffer | null
  hash: Buffer | null
}

interface Row {
  id: number
  name: string
  role: Role
  token_salt: Buffer | null
  token_hash: Buffer | null
  created_at: string
  revoked_at: string | null
}

const toRecord = (r: Row): PersonRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hasToken: r.token_hash !== null,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  salt: r.token_salt,
  hash: r.token_hash
})

/** The project's people (migration 9). */
export class PeopleRepo {
  private listStmt
  private getStmt
  private byNameStmt
  private insertStmt
  private roleStmt
  private tokenStmt
  private revokeStmt

  constructor(db: Db) {
    this.listStmt = db.prepare<[], Row>('SELECT * FROM people ORDER BY name')
    this.getStmt = db.prepare<[number], Row>('SELECT * FROM people WHERE id = ?')
    this.byNameStmt = db.prepare<[string], Row>('SELECT * FROM people WHERE name = ?')
    this.insertStmt = db.prepare<[string, Role, string]>('INSERT INTO people (name, role, created_at) VALUES (?, ?, ?)')
    this.roleStmt = db.prepare<[Role, number]>('UPDATE people SET role = ? WHERE id = ?')
    this.tokenStmt = db.prepare<[Buffer, Buffer, number]>('UPDATE people SET token_salt = ?, token_hash = ?, revoked_at = NULL WHERE id = ?')
    this.revokeStmt = db.prepare<[string, number]>('UPDATE people SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?')
  }

  list(): Person[] {
    return this.listStmt.all().map((r) => withoutHash(toRecord(r)))
  }

  get(id: number): PersonRecord | null {
    const row = this.getStmt.get(id)
    return row ? toRecord(row) : null
  }

  byName(name: string): PersonRecord | null {
    const row = this.byNameStmt.get(name)
    return row ? toRecord(row) : null
  }

  /** Without a token: the token names the id, so setToken follows. */
  add(name: string, role: Role): number {
    return Number(this.insertStmt.run(name, role, nowIso()).lastInsertRowid)
  }

  setRole(id: number, role: Role): void {
    this.roleStmt.run(role, id)
  }

  setToken(id: number, salt: Buffer, hash: Buffer): void {
    this.tokenStmt.run(salt, hash, id)
  }

  revoke(id: number): void {
    this.revokeStmt.run(nowIso(), id)
  }
}

export function withoutHash(p: PersonRecord): Person {
  return { id: p.id, name: p.name, role: p.role, hasToken: p.hasToken, createdAt: p.createdAt, revokedAt: p.revokedAt }
}
