import { describe, expect, it } from 'vitest'
import { isLocalOrPrivate, parseSignInLink, teamNavigationAllowed } from '../../../src/main/hosts/electron/teamLink'

const PERSON = `skp_0123456789abcdef_7_${'A'.repeat(43)}`
const HOST_TOKEN = 'k'.repeat(43)

describe('a team host’s sign-in link', () => {
  it('https with a person token or the host token gives the origin and the token, and no warning', () => {
    expect(parseSignInLink(`https://studio.example.com/?token=${PERSON}`)).toEqual({ origin: 'https://studio.example.com', token: PERSON })
    expect(parseSignInLink(`  https://studio.example.com:8443/clips?token=${HOST_TOKEN}\n`)).toEqual({
      origin: 'https://studio.example.com:8443',
      token: HOST_TOKEN
    })
  })

  it('plain http is accepted on this machine and private networks, with a warning', () => {
    for (const host of ['127.0.0.1:5178', 'localhost:5178', '192.168.1.20', '10.0.0.5', '172.20.1.1', '[fd00::2]:5178']) {
      const link = parseSignInLink(`http://${host}/?token=${PERSON}`)
      expect(link.origin).toBe(`http://${host}`)
      expect(link.warning).toMatch(/plain http/)
    }
  })

  it('plain http to a public name or address is refused, saying https is needed', () => {
    for (const host of ['studio.example.com', '8.8.8.8', '172.32.0.1', '[2001:db8::1]'])
      expect(() => parseSignInLink(`http://${host}/?token=${PERSON}`)).toThrow(/needs https/)
  })

  it('refuses what is not a studio sign-in link, each with its reason', () => {
    const cases: [string, RegExp][] = [
      ['studio.example.com?token=x', /not a URL/],
      [`file:///etc/passwd?token=${PERSON}`, /https or http, not file:/],
      [`javascript:alert(1)//?token=${PERSON}`, /not javascript:/],
      [`https://me:pw@studio.example.com/?token=${PERSON}`, /user name or password/],
      ['https://studio.example.com/', /has no token/],
      ['https://studio.example.com/?token=short', /not a studio token/],
      ['https://studio.example.com/?token=skp_nothex_1_abc', /not a studio token/],
      [`https://studio.example.com/?token=${'k'.repeat(30)}%3Cscript%3E`, /not a studio token/]
    ]
    for (const [text, message] of cases) expect(() => parseSignInLink(text), text).toThrow(message)
  })

  it('tells local and private hosts from public ones', () => {
    expect(['127.0.0.1', '::1', '[::1]', 'localhost', '169.254.3.4', 'fe80::1', 'fc00::1'].every(isLocalOrPrivate)).toBe(true)
    expect(['1.1.1.1', '192.169.0.1', 'example.com', 'localhost.example.com', '2001:db8::1'].some(isLocalOrPrivate)).toBe(false)
  })
})

describe('where a team window may navigate', () => {
  const origin = 'https://studio.example.com'

  it('only to pages of the origin it was opened on', () => {
    expect(teamNavigationAllowed('https://studio.example.com/clips/3?x=1', origin)).toBe(true)
    for (const url of [
      'https://evil.example.com/',
      'http://studio.example.com/',
      'https://studio.example.com:444/',
      'https://studio.example.com.evil.net/',
      'app://studio/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url'
    ])
      expect(teamNavigationAllowed(url, origin), url).toBe(false)
  })
})
