import { isIP } from 'node:net'
import { ApiError } from '../../../shared/errors'
import { parsePersonToken } from '../../people/tokens'
import { tokenProblem } from '../http/auth'

/** A team host's sign-in link, checked: where to open it and with which token. */
export interface SignInLink {
  /** scheme://host:port, nothing after it. */
  origin: string
  token: string
  /** Set for plain http: the token and the work travel unencrypted on this network. */
  warning?: string
}

/** A host token (≥ 22 characters, base64url) or a person's skp_ token. */
const HOST_TOKEN = /^[A-Za-z0-9_-]+$/

const bad = (message: string) => new ApiError('invalid_input', message)

/** https anywhere; http only to this machine or a private network, with a warning. */
export function parseSignInLink(text: string): SignInLink {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw bad('The sign-in link is not a URL; paste the whole link, such as https://studio.example.com/?token=skp_...')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`A team host is opened over https or http, not ${url.protocol}`)
  if (url.username || url.password) throw bad('The sign-in link must not carry a user name or password')
  const token = url.searchParams.get('token')
  if (!token) throw bad('The sign-in link has no token: ask the lead for your personal link (it ends in ?token=...)')
  if (!tokenShapeOk(token)) throw bad('The token in the sign-in link is not a studio token; ask the lead for your link again')
  if (url.protocol === 'https:') return { origin: url.origin, token }
  if (!isLocalOrPrivate(url.hostname)) {
    throw bad(`Plain http is accepted only on this machine or a private network; ${url.hostname} needs https (docs/team-hosting.md)`)
  }
  return { origin: url.origin, token, warning: `${url.origin} uses plain http: anyone on this network can read the token and the work` }
}

function tokenShapeOk(token: string): boolean {
  if (token.startsWith('skp_')) return parsePersonToken(token) !== null
  return tokenProblem(token) === null && HOST_TOKEN.test(token)
}

/** Loopback, RFC 1918, link-local and IPv6 unique-local addresses, and localhost. */
export function isLocalOrPrivate(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost') return true
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number)
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  }
  if (isIP(host) === 6) return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)
  return false
}

/** The team window may go only to pages of the host it was opened on; any other address stays closed. */
export function teamNavigationAllowed(url: string, origin: string): boolean {
  try {
    const target = new URL(url)
    return (target.protocol === 'https:' || target.protocol === 'http:') && target.origin === origin
  } catch {
    return false
  }
}
