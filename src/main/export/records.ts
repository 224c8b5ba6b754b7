import path from 'node:path'
import { serializeCaption, StructuralCaption } from '../../shared/caption'
import type { ExportFormat } from '../../shared/output'
import { neutralizeCell } from './csvSafe'
import type { ExportDbRow } from '../store/exportRows'

/** One clip ready to write, in every format. */
export interface ExportRecord {
  clipId: number
  /** As written: absolute, or relative to the chosen root (always with / separators). */
  path: string
  /** Compact JSON in the original model's key order. */
  caption: string
  t2v: string
  i2v: string
  fromHuman: boolean
  row: ExportDbRow
}

export const CSV_COLUMNS = ['path', 'structural_caption', 't2v_fusion_caption', 'i2v_fusion_caption'] as const
export const PROVENANCE_COLUMNS = [
  'status',
  'annotator',
  'revision',
  'reviewed_at',
  'caption_from',
  'prelabel_source',
  't2v_origin',
  'i2v_origin',
  'fusion_source'
] as const

export function exportPath(absolute: string, root: string | null): string {
  if (!root) return absolute
  return path.relative(root, absolute).split(path.sep).join('/')
}

export function toRecord(row: ExportDbRow, root: string | null): ExportRecord {
  const stored = row.revision_caption ?? row.prelabel_caption
  if (stored === null) throw new Error(`Clip ${row.id} has no caption to export`)
  // the store only holds validated captions; parsing again guards against a damaged file
  const caption = StructuralCaption.parse(JSON.parse(stored))
  return {
    clipId: row.id,
    path: exportPath(row.path, root),
    caption: serializeCaption(caption),
    t2v: row.t2v ?? '',
    i2v: row.i2v ?? '',
    fromHuman: row.revision_caption !== null,
    row
  }
}

/** The CSV cells of a record, text as stored unless spreadsheet-safe; counts the cells that had to be neutralised. */
export function csvCells(record: ExportRecord, provenance: boolean, spreadsheetSafe: boolean, counter: { cells: number }): string[] {
  const r = record.row
  const cells = [record.path, record.caption, record.t2v, record.i2v]
  if (provenance) {
    cells.push(
      r.status,
      r.annotator ?? '',
      r.revision_number === null ? '' : String(r.revision_number),
      r.reviewed_at ?? '',
      record.fromHuman ? 'human' : (r.prelabel_kind ?? ''),
      r.prelabel_source ?? '',
      r.t2v_origin ?? '',
      r.i2v_origin ?? '',
      [...new Set([r.t2v_source, r.i2v_source].filter(Boolean))].join(' | ')
    )
  }
  if (!spreadsheetSafe) return cells
  return cells.map((cell) => {
    const safe = neutralizeCell(cell)
    if (safe !== cell) counter.cells++
    return safe
  })
}

/**
 * JSONL lines for fine-tuning a SkyCaptioner-style model. The user turn is `<video>` then the
 * instruction string with nothing between, as the model saw it in training (video, then text).
 */
export function jsonlLine(format: Exclude<ExportFormat, 'csv'>, record: ExportRecord, userTurn: string): string {
  const video = JSON.stringify(record.path)
  const answer = JSON.stringify(record.caption)
  if (format === 'messages') {
    // LLaMA-Factory / ms-swift
    return `{"messages":[{"role":"user","content":${userTurn}},{"role":"assistant","content":${answer}}],"videos":[${video}]}\n`
  }
  // Qwen-VL fine-tuning (qwen-vl-finetune) / LLaVA style
  return `{"id":"${record.clipId}","video":${video},"conversations":[{"from":"human","value":${userTurn}},{"from":"gpt","value":${answer}}]}\n`
}

/** The user turn as a JSON string literal, built once per export. */
export function userTurnJson(instruction: string): string {
  return JSON.stringify(`<video>${instruction}`)
}
