import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeJsonFile } from '../../projects/settings'

export const TEAM_HOSTS_FILE = 'team-hosts.json'

/** The part of Electron's safeStorage used here; tests pass a stand-in. */
export interface Encryptor {
  /** False where the OS has no key store (or only Chromium's plain-text fallback): tokens are then not written. */
  available(): boolean
  encrypt(text: string): Buffer
  decrypt(data: Buffer): string
}

/** One remembered team host; `token` is the encrypted token (base64), absent when it could not be encrypted. */
interface Saved {
  origin: string
  token?: string
  lastUsed: string
}

export interface RememberedHost {
  origin: string
  /** Null when the link must be pasted again (no key store, or the stored token no longer decrypts). */
  token: string | null
  lastUsed: string
}

/** The team hosts this desktop app connected to, one entry per origin, in the data folder. */
export class TeamHosts {
  private readonly file: string

  constructor(
    dataDir: string,
    private readonly crypto: Encryptor
  ) {
    this.file = join(dataDir, TEAM_HOSTS_FILE)
  }

  list(): RememberedHost[] {
    return this.read().map((h) => ({ origin: h.origin, token: this.open(h.token), lastUsed: h.lastUsed }))
  }

  /** Returns whether the token was kept (encrypted); without a key store only the address is. */
  remember(origin: string, token: string, now = new Date()): boolean {
    const keep = this.crypto.available()
    const entry: Saved = { origin, lastUsed: now.toISOString(), ...(keep ? { token: this.crypto.encrypt(token).toString('base64') } : {}) }
    this.write([entry, ...this.read().filter((h) => h.origin !== origin)])
    return keep
  }

  forget(origin: string): void {
    this.write(this.read().filter((h) => h.origin !== origin))
  }

  private open(token: string | undefined): string | null {
    if (!token || !this.crypto.available()) return null
    try {
      return this.crypto.decrypt(Buffer.from(token, 'base64'))
    } catch {
      return null // another user's or machine's key: the link is asked for again
    }
  }

  /** A missing or unreadable file is an empty list: losing it only means pasting the links again. */
  private read(): Saved[] {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'))
    } catch {
      return []
    }
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (h): h is Saved => typeof h?.origin === 'string' && typeof h.lastUsed === 'string' && (h.token === undefined || typeof h.token === 'string')
    )
  }

  /** Written beside and renamed over, so a crash mid-write leaves the old list. */
  private write(hosts: Saved[]): void {
    writeJsonFile(this.file, hosts, 0o600)
  }
}
