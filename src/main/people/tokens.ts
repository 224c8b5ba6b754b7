import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { limiter } from '../limiter'

/**
 * skp_<project id>_<person id>_<secret>: the project id is 16 hex digits and the person id decimal,
 * so the first two underscores split it unambiguously, whatever base64url puts in the secret.
 */
const PERSON_TOKEN = /^skp_([0-9a-f]{16})_([1-9][0-9]{0,14})_([A-Za-z0-9_-]{43})$/
const HASH_BYTES = 32

export interface PersonToken {
  project: string
  personId: number
  secret: string
}

export interface IssuedSecret {
  token: string
  salt: Buffer
  hash: Buffer
}

export function parsePersonToken(token: string): PersonToken | null {
  const m = PERSON_TOKEN.exec(token)
  return m ? { project: m[1], personId: Number(m[2]), secret: m[3] } : null
}

/**
 * scrypt (~45 ms of CPU each) runs in libuv's four-thread pool, which the WAL fsyncs of saves and media reads share:
 * fifty people signing in at once take two threads at most, so saves are not answered only after every sign-in.
 */
const twoHashesAtOnce = limiter(2)

export function hashSecret(secret: string, salt: Buffer): Promise<Buffer> {
  return twoHashesAtOnce(() => new Promise((resolve, reject) => scrypt(secret, salt, HASH_BYTES, (err, key) => (err ? reject(err) : resolve(key)))))
}

/** A new token for one person: 256 random bits, scrypt-hashed with its own salt. */
export async function issueSecret(project: string, personId: number): Promise<IssuedSecret> {
  const secret = randomBytes(32).toString('base64url')
  const salt = randomBytes(16)
  return { token: `skp_${project}_${personId}_${secret}`, salt, hash: await hashSecret(secret, salt) }
}

export async function secretMatches(secret: string, salt: Buffer, hash: Buffer): Promise<boolean> {
  const given = await hashSecret(secret, salt)
  return given.length === hash.length && timingSafeEqual(given, hash)
}
