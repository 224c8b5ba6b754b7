// Moving a folder's files to another folder without losing any: rename on one volume, else copy,
// compare and only then remove; a name already taken keeps both files; a project in use stays.
import fs from 'node:fs'
import path from 'node:path'
import { companionsOf, settleForMove } from '../store/release'

/** The writes a move makes, replaceable so a test can stop it at any step as a crash would. */
export interface MoveOps {
  rename(from: string, to: string): void
  copyFile(from: string, to: string): void
  unlink(file: string): void
  writeFile(file: string, text: string): void
}

export const realOps: MoveOps = {
  rename: (from, to) => fs.renameSync(from, to),
  copyFile: (from, to) => fs.copyFileSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
  writeFile: (file, text) => fs.writeFileSync(file, text)
}

/** What a move did, one record per file, written before the step it names. */
export type MoveRecord =
  { action: 'move'; from: string; to: string } | { action: 'same'; from: string; to: string } | { action: 'left'; from: string; reason: string }

const COMPANION = /\.sqlite-(wal|shm|journal)$/
const PARTIAL = '.partial-move'

/** Byte-for-byte equal (sizes first, so differing files are told apart without reading them). */
export function sameBytes(a: string, b: string): boolean {
  if (fs.statSync(a).size !== fs.statSync(b).size) return false
  const fa = fs.openSync(a, 'r')
  const fb = fs.openSync(b, 'r')
  try {
    const ba = Buffer.alloc(1 << 20)
    const bb = Buffer.alloc(1 << 20)
    for (;;) {
      const na = fs.readSync(fa, ba)
      const nb = fs.readSync(fb, bb)
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false
      if (na === 0) return true
    }
  } finally {
    fs.closeSync(fa)
    fs.closeSync(fb)
  }
}

/** `name.ext`, then `name-moved.ext`, `name-moved-2.ext`...: the names a file may take beside one of the same name. */
export function sideName(file: string, n: number): string {
  if (n === 0) return file
  const base = path.basename(file)
  const ext = /\.sqlite(-wal|-shm|-journal)?$/.exec(base)?.[0] ?? path.extname(base)
  const stem = base.slice(0, base.length - ext.length)
  return path.join(path.dirname(file), `${stem}-moved${n === 1 ? '' : `-${n}`}${ext}`)
}

const taken = (file: string) => fs.existsSync(file) || (file.endsWith('.sqlite') && companionsOf(file).length > 0)

export class FolderMover {
  constructor(
    private readonly record: (r: MoveRecord) => void,
    private readonly ops: MoveOps = realOps
  ) {}

  /** Moves everything under `from` into `to`, merging with what `to` holds; emptied folders are removed. */
  moveTree(from: string, to: string): void {
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(from)
    } catch {
      return
    }
    if (!stat.isDirectory()) return this.moveFile(from, to)
    const names = fs.readdirSync(from).sort()
    for (const name of names) {
      // a project's -wal/-shm go with it or stay with it; only one without its project moves on its own
      const main = name.replace(COMPANION, '.sqlite')
      if (main !== name && names.includes(main)) continue
      this.moveTree(path.join(from, name), path.join(to, name))
    }
    try {
      fs.rmdirSync(from)
    } catch {
      // not empty: a project in use stays, and so does what it is in
    }
  }

  private moveFile(from: string, to: string): void {
    if (from.endsWith(PARTIAL)) return
    if (from.endsWith('.sqlite') && settleForMove(from) === 'in-use') {
      return this.record({ action: 'left', from, reason: 'in use by another program; it moves at the next start once closed' })
    }
    for (let n = 0; ; n++) {
      const target = sideName(to, n)
      if (!taken(target)) return this.moveTo(from, target)
      // a copy made before a crash, or the same file in both folders: the new place has it already
      if (fs.existsSync(target) && fs.statSync(target).isFile() && sameBytes(from, target)) {
        this.record({ action: 'same', from, to: target })
        return this.ops.unlink(from)
      }
    }
  }

  private moveTo(from: string, target: string): void {
    this.record({ action: 'move', from, to: target })
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const partial = target + PARTIAL
    // an unfinished copy from before a crash: its original is still here
    fs.rmSync(partial, { force: true })
    try {
      return this.ops.rename(from, target)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    }
    // another volume: the original goes only once a whole, equal copy has its name
    this.ops.copyFile(from, partial)
    if (!sameBytes(from, partial)) throw new Error(`The copy of ${path.basename(from)} differs from the original; the original is kept`)
    this.ops.rename(partial, target)
    this.ops.unlink(from)
  }
}
