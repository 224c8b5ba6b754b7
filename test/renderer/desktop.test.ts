import { describe, expect, it, vi } from 'vitest'
import { createDropper, type StudioBridge } from '../../src/renderer/src/api/ipc'
import { examplePath } from '../../src/renderer/src/lib/hostPaths'
import { ApiError } from '../../src/shared/errors'

describe('path placeholders written the host’s way', () => {
  it('Windows drive paths, macOS and Linux home folders', () => {
    expect(examplePath('win32', 'Videos', 'clips')).toBe('C:\\Videos\\clips')
    expect(examplePath('darwin', 'Videos', 'clips.csv')).toBe('/Users/you/Videos/clips.csv')
    expect(examplePath('linux', 'models', 'mmproj-F16.gguf')).toBe('/home/you/models/mmproj-F16.gguf')
    expect(examplePath('freebsd', 'Videos')).toBe('/home/you/Videos')
  })
})

describe('files dropped on the page, handed over the preload bridge (the Electron preload faked: the binary cannot run here)', () => {
  const bridge = (drop?: StudioBridge['drop']): StudioBridge => ({ request: vi.fn(), on: vi.fn(() => () => {}), drop })

  it('passes the File objects, never paths, and resolves to what the main process granted and refused', async () => {
    const granted = {
      granted: [{ path: '/home/me/clips', kind: 'folder' as const }],
      refused: [{ name: 'notes.txt', problem: 'not a folder, a CSV or a video file' }]
    }
    const drop = vi.fn(async () => ({ ok: true as const, data: granted }))
    const files = [new File(['a'], 'clips'), new File(['b'], 'notes.txt')]
    expect(await createDropper(bridge(drop))!(files)).toEqual(granted)
    expect(drop).toHaveBeenCalledWith(files)
  })

  it('throws a refusal as an ApiError; a bridge without drop gives no dropper (the browser)', async () => {
    const refused = createDropper(
      bridge(async () => ({ ok: false as const, error: { code: 'invalid_input' as const, message: 'Nothing dropped is a file or folder on this computer' } }))
    )!
    await expect(refused([])).rejects.toBeInstanceOf(ApiError)
    expect(createDropper(bridge())).toBeNull()
  })
})
