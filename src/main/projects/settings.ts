import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { settingsFile } from '../paths'

// Loose: keys written by later features survive a write from this one.
const Settings = z.object({ lastProject: z.string().optional() }).loose()
export type Settings = z.infer<typeof Settings>

/** A missing or damaged settings file means defaults: it must never stop the studio starting. */
export function readSettings(dataDir: string): Settings {
  try {
    const parsed = Settings.safeParse(JSON.parse(fs.readFileSync(settingsFile(dataDir), 'utf8')))
    return parsed.success ? parsed.data : {}
  } catch {
    return {}
  }
}

/** Merges and writes atomically, so a crash never leaves half a file. */
export function writeSettings(dataDir: string, patch: Settings): void {
  writeJsonFile(settingsFile(dataDir), { ...readSettings(dataDir), ...patch })
}

/** Writes through a temp file and a rename: a reader sees the old file or the new one, never half of one. */
export function writeJsonFile(file: string, value: unknown, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, JSON.stringify(value, null, 2), mode === undefined ? undefined : { mode })
  fs.renameSync(temp, file)
}
