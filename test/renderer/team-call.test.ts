import { describe, expect, it, vi } from 'vitest'
import { createTeamCall, type StudioBridge } from '../../src/renderer/src/api/ipc'
import { ApiError } from '../../src/shared/errors'

const bridge = (team?: StudioBridge['team']): StudioBridge => ({ request: vi.fn(), on: vi.fn(() => () => {}), team })

describe('renderer team call over the preload bridge (the Electron preload faked: the binary cannot run here)', () => {
  it('passes the action through and resolves to its reply', async () => {
    const sharing = { address: '127.0.0.1', port: 5190, url: 'http://127.0.0.1:5190/?token=abc' }
    const team = vi.fn(async () => ({ ok: true as const, data: sharing }))
    expect(await createTeamCall(bridge(team))!({ action: 'share', address: '127.0.0.1' })).toEqual(sharing)
    expect(team).toHaveBeenLastCalledWith({ action: 'share', address: '127.0.0.1' })
  })

  it('throws what the main process refused as an ApiError, with its message', async () => {
    const refused = { ok: false as const, error: { code: 'invalid_input' as const, message: '203.0.113.7 is not an address of this machine' } }
    const err = await createTeamCall(bridge(async () => refused))!({ action: 'share', address: '203.0.113.7' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid_input', message: '203.0.113.7 is not an address of this machine' })
  })

  it('is absent without the bridge call (a browser, or a team host’s page), so no team card shows', () => {
    expect(createTeamCall(bridge())).toBeNull()
  })
})
