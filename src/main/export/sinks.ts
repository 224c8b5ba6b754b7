import fs from 'node:fs'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { stringify, type Stringifier } from 'csv-stringify'

/**
 * One output file, written to `<file>.partial` and renamed when complete, so a failed or
 * cancelled export never leaves a file that looks finished. `write` resolves at once unless the
 * disk is behind, then it waits for 'drain': that backpressure keeps memory flat.
 */
export interface Sink {
  readonly file: string
  rows: number
  write(item: string[] | string): Promise<void> | void
  finish(): Promise<number>
  abort(): Promise<void>
}

const JSONL_CHUNK = 256 * 1024

/** A fresh NAME.partial: a link left there is removed, never written through. */
function partialStream(file: string): fs.WriteStream {
  fs.rmSync(`${file}.partial`, { force: true })
  return fs.createWriteStream(`${file}.partial`, { flags: 'wx', highWaterMark: 1 << 20 })
}

export function csvSink(file: string, header: readonly string[]): Sink {
  const out = partialStream(file)
  // room for a few hundred records before 'drain': waiting after every 16 costs more than the CSV
  const csv: Stringifier = stringify({ header: true, columns: [...header], writableHighWaterMark: 512, readableHighWaterMark: 1 << 20 })
  const done = pipeline(csv, out)
  done.catch(() => undefined) // surfaced by finish()
  return {
    file,
    rows: 0,
    write(cells) {
      this.rows++
      if (!csv.write(cells)) return once(csv, 'drain').then(() => undefined)
    },
    async finish() {
      csv.end()
      await done
      await fs.promises.rename(`${file}.partial`, file)
      return (await fs.promises.stat(file)).size
    },
    async abort() {
      csv.destroy()
      await done.catch(() => undefined)
      await fs.promises.rm(`${file}.partial`, { force: true })
    }
  }
}

/** JSON lines, gathered into chunks of a few hundred KB: one write per line would cost more than the JSON. */
export function jsonlSink(file: string): Sink {
  const out = partialStream(file)
  let chunk = ''
  const flush = (): Promise<void> | void => {
    const ok = out.write(chunk)
    chunk = ''
    if (!ok) return once(out, 'drain').then(() => undefined)
  }
  let failure: Error | null = null
  out.on('error', (err) => (failure = err))
  return {
    file,
    rows: 0,
    write(line) {
      if (failure) throw failure
      this.rows++
      chunk += line as string
      if (chunk.length >= JSONL_CHUNK) return flush()
    },
    async finish() {
      if (chunk) await flush()
      out.end()
      await once(out, 'close')
      if (failure) throw failure
      await fs.promises.rename(`${file}.partial`, file)
      return (await fs.promises.stat(file)).size
    },
    async abort() {
      out.destroy()
      await fs.promises.rm(`${file}.partial`, { force: true })
    }
  }
}
