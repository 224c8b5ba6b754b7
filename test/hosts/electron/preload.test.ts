import { beforeAll, describe, expect, it, vi } from 'vitest'

/** What the preload hands to Electron: the bridge it exposes and the IPC calls it makes. */
const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {}
const invoked: unknown[][] = []
// A File from a real drop has a path; one the page made itself has none (Electron returns '').
const onDisk = new Map<unknown, string>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => void (exposed[key] = api) },
  ipcRenderer: {
    on: () => undefined,
    invoke: async (...args: unknown[]) => {
      invoked.push(args)
      return { ok: true, data: { granted: [], refused: [] } }
    }
  },
  webUtils: {
    getPathForFile: (file: unknown) => {
      if (!(file instanceof File)) throw new TypeError('not a File')
      return onDisk.get(file) ?? ''
    }
  }
}))

describe('the preload’s drop bridge (Electron mocked: the binary cannot run here)', () => {
  beforeAll(async () => {
    await import('../../../src/preload/index')
  })

  it('exposes exactly request, on, pick, drop and team', () => {
    expect(Object.keys(exposed.studio).sort()).toEqual(['drop', 'on', 'pick', 'request', 'team'])
  })

  it('team passes its request to the team channel unchanged', async () => {
    invoked.length = 0
    await exposed.studio.team({ action: 'interfaces' })
    expect(invoked).toEqual([['studio:team', { action: 'interfaces' }]])
    invoked.length = 0
  })

  it('sends the main process only the paths of disk-backed Files, read in the preload', async () => {
    const dropped = new File(['x'], 'clips')
    onDisk.set(dropped, '/home/me/clips')
    const forged = new File(['x'], 'passwd')
    await exposed.studio.drop([dropped, forged, '/etc/passwd', { name: '/etc' }])
    expect(invoked).toEqual([['studio:drop', ['/home/me/clips']]])
  })

  it('a drop with no disk-backed File (or no list at all) never reaches the main process, and says why', async () => {
    invoked.length = 0
    for (const files of [[new File(['x'], 'made-up.mp4')], '/etc/passwd', undefined]) {
      expect(await exposed.studio.drop(files)).toEqual({
        ok: false,
        error: { code: 'invalid_input', message: 'Nothing dropped is a file or folder on this computer' }
      })
    }
    expect(invoked).toEqual([])
  })
})
