import { describe, expect, it, vi } from 'vitest'
import { createNativePicker, type StudioBridge } from '../../src/renderer/src/api/ipc'
import { ApiError } from '../../src/shared/errors'

const bridge = (pick?: StudioBridge['pick']): StudioBridge => ({ request: vi.fn(), on: vi.fn(() => () => {}), pick })

describe('renderer native picker over the preload bridge (the Electron preload faked: the binary cannot run here)', () => {
  it('resolves to the path picked, or null when the user cancelled', async () => {
    const pick = vi.fn(async () => ({ ok: true as const, data: { path: '/data/clips' } }))
    const native = createNativePicker(bridge(pick))!
    expect(await native({ kind: 'media', mode: 'folder' })).toBe('/data/clips')
    expect(pick).toHaveBeenLastCalledWith({ kind: 'media', mode: 'folder' })
    const cancelled = createNativePicker(bridge(async () => ({ ok: true as const, data: { path: null } })))!
    expect(await cancelled({ kind: 'models', mode: 'file', extensions: ['gguf'] })).toBeNull()
  })

  it('throws what the main process refused as an ApiError', async () => {
    const native = createNativePicker(
      bridge(async () => ({ ok: false as const, error: { code: 'unauthorized' as const, message: 'Only a studio window can open a file dialog' } }))
    )!
    const err = await native({ kind: 'media', mode: 'folder' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'unauthorized' })
  })

  it('is absent for a bridge without pick, so the page uses the browser picker', () => {
    expect(createNativePicker(bridge())).toBeNull()
  })
})
