/** Real clips for the "Approve and next" figures (bench/review.ts times them). */
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import type { Route, OwnInput, RouteOutput } from '../src/shared/contract'

const EXAMPLES = path.resolve(import.meta.dirname, '../../shared/fixtures/skycaptioner_v1/examples')

/** A call as test/helpers/dispatch makes it: in the project created or opened last. */
export type Call = <R extends Route>(route: R, input: OwnInput<R>) => Promise<RouteOutput<R>>

/**
 * Real videos at the end of the project (import order decides "next"): copies of the seed's
 * 2.mp4 and 3.mp4 with the seed's pre-labels, imported through the host like a user's CSV.
 */
export async function addReviewClips(call: Call, dataDir: string, copies = 7): Promise<number[]> {
  const dir = path.join(dataDir, 'review-clips')
  fs.mkdirSync(dir, { recursive: true })
  const captions = new Map(
    (parse(fs.readFileSync(path.join(EXAMPLES, 'test_result.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((row) => [
      path.basename(row.path),
      row.structural_caption
    ])
  )
  const rows = Array.from({ length: copies }, (_, i) => {
    const source = i % 2 === 0 ? '2.mp4' : '3.mp4'
    const file = path.join(dir, `review_${i}_${source}`)
    fs.copyFileSync(path.join(EXAMPLES, 'data', source), file)
    return { path: file, structural_caption: captions.get(source) ?? '' }
  })
  const csv = path.join(dir, 'review.csv')
  fs.writeFileSync(csv, stringify(rows, { header: true }))
  const report = await call('clips.import', { kind: 'csv', path: csv })
  if (report.added !== copies) throw new Error(`review clips: expected ${copies} added, got ${JSON.stringify(report)}`)
  const found = await call('clips.byPath', { paths: rows.map((r) => r.path) })
  return found.map((f) => f.clipId as number)
}
