import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { call, fail } from '../helpers/dispatch'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

describe('review settings kept in the project file', () => {
  let dataDir: string
  let app: StudioApp
  let file: string

  beforeAll(async () => {
    dataDir = tempDir()
    app = createStudioApp({ dataDir, roots: testRoots() })
    file = (await call(app, 'project.create', { name: 'review settings' })).path
  })

  afterAll(async () => {
    await app?.close()
  })

  it('starts at the default, keeps a saved threshold across a reopen and refuses one outside 0..1', async () => {
    expect(await call(app, 'review.settings', {})).toEqual({ markBelow: 0.6, autoAccept: null })
    const chosen = { markBelow: 0.45, autoAccept: { above: 0.9, auditShare: 0.1 } }
    expect(await call(app, 'review.saveSettings', chosen)).toEqual(chosen)
    expect((await fail(app, 'review.saveSettings', { markBelow: 1.5 })).code).toBe('invalid_input')

    await app.close()
    app = createStudioApp({ dataDir, roots: testRoots() })
    await call(app, 'project.open', { path: file })
    expect(await call(app, 'review.settings', {})).toEqual(chosen)
  })
})
