import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEAM_HOSTS_FILE, TeamHosts, type Encryptor } from '../../../src/main/hosts/electron/teamHosts'
import { scratch } from '../../helpers/temp'

const dirs = scratch('skycap-team-hosts-')
const TOKEN = `skp_0123456789abcdef_7_${'A'.repeat(43)}`

/** Stands in for Electron's safeStorage (the binary cannot run here): a reversible XOR, so the file never holds the token as text. */
function keyStore(available = true): Encryptor {
  const xor = (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a))
  return { available: () => available, encrypt: (text) => xor(Buffer.from(text)), decrypt: (data) => xor(data).toString('utf8') }
}

describe('remembered team hosts (safeStorage stood in for: Electron mocked)', () => {
  it('keeps one entry per origin, newest first, with the token encrypted in the file', () => {
    const dir = dirs()
    const hosts = new TeamHosts(dir, keyStore())
    expect(hosts.remember('https://a.example.com', TOKEN, new Date('2026-01-01T00:00:00Z'))).toBe(true)
    hosts.remember('http://192.168.1.5:5178', 'k'.repeat(43), new Date('2026-01-02T00:00:00Z'))
    hosts.remember('https://a.example.com', TOKEN, new Date('2026-01-03T00:00:00Z'))
    expect(hosts.list()).toEqual([
      { origin: 'https://a.example.com', token: TOKEN, lastUsed: '2026-01-03T00:00:00.000Z' },
      { origin: 'http://192.168.1.5:5178', token: 'k'.repeat(43), lastUsed: '2026-01-02T00:00:00.000Z' }
    ])
    const file = fs.readFileSync(path.join(dir, TEAM_HOSTS_FILE), 'utf8')
    expect(file).not.toContain(TOKEN)
    expect(fs.statSync(path.join(dir, TEAM_HOSTS_FILE)).mode & 0o077).toBe(0)
    hosts.forget('https://a.example.com')
    expect(new TeamHosts(dir, keyStore()).list().map((h) => h.origin)).toEqual(['http://192.168.1.5:5178'])
  })

  it('without a key store only the address is kept, and the link is asked for again', () => {
    const dir = dirs()
    const hosts = new TeamHosts(dir, keyStore(false))
    expect(hosts.remember('https://a.example.com', TOKEN)).toBe(false)
    expect(fs.readFileSync(path.join(dir, TEAM_HOSTS_FILE), 'utf8')).not.toContain('token')
    expect(hosts.list()).toEqual([expect.objectContaining({ origin: 'https://a.example.com', token: null })])
  })

  it('a token that no longer decrypts, or a damaged file, loses only what cannot be read', () => {
    const dir = dirs()
    new TeamHosts(dir, keyStore()).remember('https://a.example.com', TOKEN)
    const otherKey: Encryptor = {
      ...keyStore(),
      decrypt: () => {
        throw new Error('wrong key')
      }
    }
    expect(new TeamHosts(dir, otherKey).list()).toEqual([expect.objectContaining({ origin: 'https://a.example.com', token: null })])
    fs.writeFileSync(path.join(dir, TEAM_HOSTS_FILE), '{ not json')
    const hosts = new TeamHosts(dir, keyStore())
    expect(hosts.list()).toEqual([])
    hosts.remember('https://b.example.com', TOKEN)
    expect(hosts.list().map((h) => h.token)).toEqual([TOKEN])
  })
})
