import { createColumnHelper } from '@tanstack/react-table'
import type { ClipRow } from '../../../../shared/contract'
import { formatDuration, formatResolution, humanize, STATUS_LABELS } from '../../lib/format'

const column = createColumnHelper<ClipRow>()

/** Column ids match the host's sort columns (SORT_COLUMNS in the contract). */
export const columns = [
  column.accessor('name', {
    header: 'Clip',
    cell: ({ row }) => (
      <>
        <span className="clip-name">{row.original.name}</span>
        {row.original.importError && (
          <span className="import-error" title={row.original.importError}>
            {row.original.importError}
          </span>
        )}
      </>
    )
  }),
  column.accessor('duration', { header: 'Duration', cell: ({ getValue }) => formatDuration(getValue()) }),
  column.accessor((row) => formatResolution(row.width, row.height), { id: 'resolution', header: 'Resolution' }),
  column.accessor('status', {
    header: 'Status',
    cell: ({ getValue }) => <span className={`badge ${getValue()}`}>{STATUS_LABELS[getValue()]}</span>
  }),
  column.accessor('shotType', { header: 'Shot type', cell: ({ getValue }) => humanize(getValue() ?? '—') }),
  column.accessor('prelabelSource', { header: 'Pre-label source', cell: ({ getValue }) => getValue() ?? '—' })
]
