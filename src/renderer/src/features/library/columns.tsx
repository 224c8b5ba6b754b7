import { createColumnHelper, type ColumnDef } from '@tanstack/react-table'
import type { ClipRow } from '../../../../shared/contract'
import { formatDuration, formatResolution, humanize, STATUS_LABELS } from '../../lib/format'
import { HeldByBadge } from './heldBy'

const column = createColumnHelper<ClipRow>()

declare module '@tanstack/react-table' {
  // the merged declaration must repeat the library's type parameters, used or not
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** CSS grid track of the column. */
    width: string
    /** Name in the column chooser. */
    label: string
  }
}

const orDash = (value: string | null) => (value === null ? '—' : humanize(value))

/** Column ids match the host's sort columns (SORT_COLUMNS in the contract), except `disagree`. */
export const columns = [
  column.accessor('name', {
    id: 'name',
    header: 'Clip',
    meta: { width: 'minmax(180px, 3fr)', label: 'Clip' },
    cell: ({ row }) => (
      <>
        <span className="clip-name">{row.original.name}</span>
        <HeldByBadge clipId={row.original.id} />
        {row.original.importError && (
          <span className="import-error" title={row.original.importError}>
            {row.original.importError}
          </span>
        )}
      </>
    )
  }),
  column.accessor('duration', {
    id: 'duration',
    header: 'Duration',
    meta: { width: '90px', label: 'Duration' },
    cell: ({ getValue }) => formatDuration(getValue())
  }),
  column.accessor((row) => formatResolution(row.width, row.height), {
    id: 'resolution',
    header: 'Resolution',
    meta: { width: '110px', label: 'Resolution' }
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    meta: { width: '120px', label: 'Status' },
    cell: ({ getValue }) => <span className={`badge ${getValue()}`}>{STATUS_LABELS[getValue()]}</span>
  }),
  column.accessor('shotType', {
    id: 'shotType',
    header: 'Shot type',
    meta: { width: '140px', label: 'Shot type' },
    cell: ({ getValue }) => orDash(getValue())
  }),
  column.accessor('shotAngle', {
    id: 'shotAngle',
    header: 'Angle',
    meta: { width: '110px', label: 'Shot angle' },
    cell: ({ getValue }) => orDash(getValue())
  }),
  column.accessor('shotPosition', {
    id: 'shotPosition',
    header: 'Position',
    meta: { width: '140px', label: 'Shot position' },
    cell: ({ getValue }) => orDash(getValue())
  }),
  column.accessor('prelabelSource', {
    id: 'prelabelSource',
    header: 'Pre-label source',
    meta: { width: 'minmax(140px, 2fr)', label: 'Pre-label source' },
    cell: ({ getValue }) => getValue() ?? '—'
  }),
  column.accessor('annotator', {
    id: 'annotator',
    header: 'Annotator',
    meta: { width: 'minmax(100px, 1fr)', label: 'Annotator' },
    cell: ({ getValue }) => getValue() ?? '—'
  }),
  column.accessor('confidence', {
    id: 'confidence',
    header: 'Confidence',
    meta: { width: '100px', label: 'Model confidence (least sure field)' },
    cell: ({ getValue }) => {
      const p = getValue() as number | null
      return p === null ? '—' : <span title="The pre-label's least sure field">{Math.round(p * 100)}%</span>
    }
  }),
  column.accessor('disagree', {
    id: 'disagree',
    header: 'Human ≠ model',
    enableSorting: false,
    meta: { width: 'minmax(120px, 1.5fr)', label: 'Human ≠ model' },
    cell: ({ getValue }) => getValue().map(humanize).join(', ')
  })
] as ColumnDef<ClipRow, unknown>[]

/** The columns a user can hide: every one but the clip name. */
export const OPTIONAL_COLUMNS = columns.filter((c) => c.id !== 'name').map((c) => ({ id: c.id!, label: c.meta!.label }))

/** Shown until the user picks columns (the chooser remembers the choice). */
export const DEFAULT_HIDDEN = ['shotAngle', 'shotPosition', 'disagree']
