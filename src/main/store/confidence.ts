import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { z } from 'zod'
import { FieldConfidence, fieldKey, TokenLogprob, type PrelabelConfidence } from '../../shared/confidence'
import type { Db } from './db'
import { readJson } from './json'

/** A prelabel_confidence row's columns, read alone or joined to its pre-label. */
export interface ConfidenceDbRow {
  status: 'scored' | 'none'
  reason: string | null
  top_k: number | null
  fields_json: string | null
  min_p: number | null
}

const Fields = z.array(FieldConfidence)
// [token, logprob, [alt, logprob, alt, logprob, ...]] per token: about a third of the engine's JSON before deflate.
const Packed = z.array(z.tuple([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]))

/** Log-probabilities to 4 decimals: far finer than any confidence shown, and it keeps the blob small. */
const round = (logprob: number) => Math.round(logprob * 1e4) / 1e4

export function packTokens(tokens: TokenLogprob[]): Buffer {
  const packed = tokens.map((t) => [t.token, round(t.logprob), t.top.flatMap((a) => [a.token, round(a.logprob)])])
  return deflateRawSync(JSON.stringify(packed))
}

export function unpackTokens(blob: Buffer, what: string): TokenLogprob[] {
  const packed = readJson(Packed, inflateRawSync(blob).toString('utf8'), what)
  return packed.map(([token, logprob, flat]) => {
    const top: TokenLogprob['top'] = []
    for (let i = 0; i + 1 < flat.length; i += 2) top.push({ token: String(flat[i]), logprob: Number(flat[i + 1]) })
    return { token, logprob, top }
  })
}

/** A pre-label's confidence is written once, with the pre-label, in its transaction. */
export class ConfidenceRepo {
  private insertStmt
  private fieldStmt
  private tokensStmt
  private bytesStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO prelabel_confidence (prelabel_id, status, reason, top_k, tokens, fields_json, min_p)
       VALUES (@prelabelId, @status, @reason, @topK, @tokens, @fields, @min)`
    )
    this.fieldStmt = db.prepare('INSERT INTO prelabel_field_confidence (prelabel_id, path, field, p) VALUES (?, ?, ?, ?)')
    this.tokensStmt = db.prepare<[number], { tokens: Buffer | null }>('SELECT tokens FROM prelabel_confidence WHERE prelabel_id = ?')
    this.bytesStmt = db.prepare<[{ id: number }], { bytes: number | null }>(
      'SELECT length(tokens) + length(fields_json) + (SELECT COALESCE(SUM(length(path) + length(field) + 8), 0) FROM prelabel_field_confidence WHERE prelabel_id = @id) AS bytes FROM prelabel_confidence WHERE prelabel_id = @id'
    )
  }

  insert(prelabelId: number, confidence: PrelabelConfidence, tokens: TokenLogprob[] | undefined): void {
    const scored = confidence.status === 'scored' ? confidence : null
    this.insertStmt.run({
      prelabelId,
      status: confidence.status,
      reason: confidence.status === 'none' ? confidence.reason : null,
      topK: scored?.topK ?? null,
      tokens: tokens && tokens.length > 0 ? packTokens(tokens) : null,
      fields: scored ? JSON.stringify(scored.fields) : null,
      min: scored?.min ?? null
    })
    for (const f of scored?.fields ?? []) this.fieldStmt.run(prelabelId, f.path, fieldKey(f.path), f.p)
  }

  /** The engine's stored token stream, to recompute confidence with a newer aligner. */
  tokens(prelabelId: number): TokenLogprob[] | null {
    const row = this.tokensStmt.get(prelabelId)
    return row?.tokens ? unpackTokens(row.tokens, `pre-label ${prelabelId} tokens`) : null
  }

  /** Bytes the confidence of one pre-label takes in the file (blob, fields JSON and the filter rows), roughly. */
  storedBytes(prelabelId: number): number {
    return this.bytesStmt.get({ id: prelabelId })?.bytes ?? 0
  }
}

export function confidenceOf(row: ConfidenceDbRow, prelabelId: number): PrelabelConfidence {
  if (row.status === 'none') return { status: 'none', reason: row.reason ?? '' }
  const fields = readJson(Fields, row.fields_json ?? '[]', `pre-label ${prelabelId} confidence`)
  return { status: 'scored', topK: row.top_k ?? 0, fields, min: row.min_p }
}

/** The columns to join to a pre-label row (alias pc) so confidenceOf can read them. */
export const CONFIDENCE_COLUMNS = 'pc.status, pc.reason, pc.top_k, pc.fields_json, pc.min_p'
