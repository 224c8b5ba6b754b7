import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createStudioApp, type StudioApp } from '../main/app'
import { projectIdOf } from '../main/store/project'
import { CliError } from './client'

/** The app over an existing project file, with a throwaway data dir; `close` removes it again. */
export function openProjectApp(file: string): { app: StudioApp; project: string; close(): Promise<void> } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'skycap-cli-'))
  let app: StudioApp
  try {
    app = createStudioApp({ dataDir, projectPath: path.resolve(file) })
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw new CliError((err as Error).message)
  }
  return {
    app,
    // the project every request of this run names
    project: projectIdOf(path.resolve(file)),
    async close() {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
