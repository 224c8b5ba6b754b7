// At start: the files earlier versions left in other folders are moved into this policy's
// folders, or used where they are, with nothing lost. Each step can be cut short by a crash: the
// next start finds what is left and carries on (docs/desktop.md).
import fs from 'node:fs'
import path from 'node:path'
import { settingsFile, thisMachine } from '../paths'
import { oldFolders, type Destinations, type OldFolder } from './legacy'
import { FolderMover, realOps, type MoveOps, type MoveRecord } from './move'
import { mergeSettings, rewritePaths, type Json, type PathMap } from './settingsMerge'

/** The record of every move, one JSON object a line, in the data folder. */
export const MOVES_LOG = 'moved-from-old-folders.log'

export interface Adopted {
  /** Old default media roots that hold files: clips are registered by path, so they stay media roots. */
  mediaRoots: string[]
  /** What this start moved or left, as logged. */
  records: MoveRecord[]
}

type Logged = MoveRecord | { action: 'settings'; from: string; to: string }

function readLog(file: string): Logged[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return []
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as Logged] : []
    } catch {
      return [] // a line cut short by a crash
    }
  })
}

/** A file's text, or null when missing. */
function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** Settings JSON, or null when missing; an unreadable file is kept aside, under another name. */
function parseSettings(text: string | null, file: string, keepAside: (file: string) => void): Json | null {
  if (text === null) return null
  try {
    return JSON.parse(text) as Json
  } catch {
    keepAside(file)
    return null
  }
}

const hasFiles = (dir: string) => {
  try {
    return fs.readdirSync(dir).length > 0
  } catch {
    return false
  }
}

/** Moves what `olds` hold into `to` (oldFolders says which folders, for the platform given). */
export function adoptOldFolders(olds: OldFolder[], to: Destinations, ops: MoveOps = realOps): Adopted {
  const logFile = path.join(to.data, MOVES_LOG)
  const records: MoveRecord[] = []
  const log = (r: Logged) => {
    fs.mkdirSync(to.data, { recursive: true })
    fs.appendFileSync(logFile, JSON.stringify({ ...r, at: new Date().toISOString() }) + '\n')
  }
  const mover = new FolderMover((r) => {
    records.push(r)
    log(r)
  }, ops)

  for (const old of olds) for (const move of old.moves) mover.moveTree(move.from, move.to)

  // settings last: the paths they hold are rewritten to where the files went, side-by-side names included
  const current = settingsFile(to.data)
  const keepAside = (file: string) => mover.moveTree(file, path.join(to.data, 'settings-unreadable.json'))
  const currentText = readText(current)
  const currentJson = parseSettings(currentText, current, keepAside)
  // kept aside when unreadable: nothing is in its place now
  const before = currentJson === null ? null : currentText
  let merged: Json = currentJson ?? {}
  const oldSettings = olds.map((o) => o.settings).filter((f): f is string => f !== null && fs.existsSync(f))
  for (const file of oldSettings) merged = mergeSettings(merged, parseSettings(readText(file), file, keepAside) ?? {})
  const map: PathMap = {
    files: new Map(readLog(logFile).flatMap((r) => (r.action === 'move' || r.action === 'same' ? [[r.from, r.to] as [string, string]] : []))),
    folders: olds.flatMap((o) => o.moves)
  }
  const rewritten = rewritePaths(merged, map, (p) => fs.existsSync(p))
  const text = JSON.stringify(rewritten, null, 2)
  if (text !== before && (before !== null || oldSettings.length)) {
    fs.mkdirSync(to.data, { recursive: true })
    ops.writeFile(`${current}.moving`, text)
    ops.rename(`${current}.moving`, current)
  }
  for (const file of oldSettings) {
    if (!fs.existsSync(file)) continue // kept aside as unreadable
    log({ action: 'settings', from: file, to: current })
    ops.unlink(file)
  }
  for (const old of olds) {
    if (old.folder === to.data) continue
    try {
      fs.rmdirSync(old.folder) // only when nothing is left in it (an Electron profile keeps Chromium's files)
    } catch {
      // not empty
    }
  }
  return { mediaRoots: olds.flatMap((o) => (o.media && hasFiles(o.media) ? [o.media] : [])), records }
}

/** The start-up step: a failure is reported and the studio starts anyway; the next start carries on from where it stopped. */
export function adoptAtStart(to: Destinations): Adopted {
  try {
    return adoptOldFolders(oldFolders(thisMachine(), to), to)
  } catch (err) {
    console.error(`[folders] moving the files of an earlier version stopped (${(err as Error).message}); the next start carries on`)
    return { mediaRoots: [], records: [] }
  }
}
