import { z } from 'zod'

/** What the desktop app's one `team` bridge call can ask (hosts/electron/team.ts); no route does any of it. */
export const TeamRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('interfaces') }),
  z.object({ action: z.literal('share'), address: z.string().min(1), port: z.number().int().min(0).max(65535).optional() }),
  z.object({ action: z.literal('shareStatus') }),
  z.object({ action: z.literal('stopShare') }),
  z.object({ action: z.literal('hosts') }),
  z.object({ action: z.literal('connect'), link: z.string().min(1).max(4096) }),
  z.object({ action: z.literal('reconnect'), origin: z.string().min(1) }),
  z.object({ action: z.literal('forget'), origin: z.string().min(1) })
])
export type TeamRequest = z.infer<typeof TeamRequest>

/** An address of this machine the share host can bind; `internal` ones (loopback) reach only this machine. */
export interface ShareInterface {
  name: string
  address: string
  family: 'IPv4' | 'IPv6'
  internal: boolean
}

export interface ShareStatus {
  address: string
  port: number
  /** The link to hand out: it carries the host's token, which the page swaps for a session cookie. */
  url: string
}

/** A remembered team host as the page sees it: whether its token is kept, never the token. */
export interface TeamHostView {
  origin: string
  lastUsed: string
  tokenKept: boolean
}

export interface Connected {
  origin: string
  tokenKept: boolean
  warning?: string
}

/** The answer to each action. */
export interface TeamReplies {
  interfaces: ShareInterface[]
  share: ShareStatus
  shareStatus: { sharing: ShareStatus | null }
  stopShare: { sharing: null }
  hosts: { hosts: TeamHostView[] }
  connect: Connected
  reconnect: Connected
  forget: { hosts: TeamHostView[] }
}
