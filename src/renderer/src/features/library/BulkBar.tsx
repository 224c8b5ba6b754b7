import { useEffect, useRef, useState } from 'react'
import { CLIP_STATUSES, isReviewStage, type ClipStatus } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { useMayCall } from '../../lib/caller'
import { STATUS_LABELS } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import { GoldActions } from './GoldActions'

type Props = {
  selected: ReadonlySet<number>
  total: number | null
  annotator: string
  busy: boolean
  onSelectAll: () => void
  onClear: () => void
}

/** What to do with the selected clips: select all matching, clear, or change their status (after a confirmation). */
export function BulkBar({ selected, total, annotator, busy, onSelectAll, onClear }: Props) {
  const [status, setStatus] = useState<ClipStatus>('approved')
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const count = selected.size
  // bulk actions are the lead's: other roles do not see them
  const mayBulk = useMayCall('clips.bulkStatus')
  const mayGold = useMayCall('gold.mark')

  return (
    <div className="bulk-bar row" role="toolbar" aria-label="Selection">
      <span data-testid="selected-count">{count.toLocaleString()} selected</span>
      {total !== null && count < total && (
        <button type="button" className="small" disabled={busy} onClick={onSelectAll}>
          Select all {total.toLocaleString()} matching
        </button>
      )}
      {count > 0 && (
        <>
          <button type="button" className="small" onClick={onClear}>
            Clear selection
          </button>
          {mayBulk && (
            <>
              <label htmlFor="bulk-status">Set status</label>
              <select id="bulk-status" value={status} onChange={(e) => setStatus(e.target.value as ClipStatus)}>
                {CLIP_STATUSES.filter((s) => !isReviewStage(s)).map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
              <button type="button" className="small" disabled={busy || !annotator} onClick={() => setConfirming(true)}>
                Apply…
              </button>
            </>
          )}
          {mayGold && <GoldActions ids={[...selected]} onMessage={setMessage} />}
        </>
      )}
      {busy && <span className="muted">Working…</span>}
      {message && (
        <span role="status" className={message.error ? 'error-text' : 'muted'}>
          {message.text}
        </span>
      )}
      {confirming && (
        <ConfirmBulkStatus
          ids={[...selected]}
          status={status}
          annotator={annotator}
          onDone={(text, error) => {
            setConfirming(false)
            if (text) setMessage({ text, error })
          }}
        />
      )}
    </div>
  )
}

type ConfirmProps = { ids: number[]; status: ClipStatus; annotator: string; onDone: (message: string | null, error: boolean) => void }

function ConfirmBulkStatus({ ids, status, annotator, onDone }: ConfirmProps) {
  const project = useProjectScope()
  const [reason, setReason] = useState('')
  const [saving, setSaving] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)
  useEffect(() => cancel.current?.focus(), [])
  const needsReason = status === 'flagged' && !reason.trim()

  async function confirm(): Promise<void> {
    setSaving(true)
    try {
      const { changed } = await project.request('clips.bulkStatus', { ids, status, annotator, flagReason: status === 'flagged' ? reason : undefined })
      const unchanged = ids.length - changed
      onDone(`${changed.toLocaleString()} set to ${STATUS_LABELS[status]}${unchanged ? `, ${unchanged.toLocaleString()} already were` : ''}.`, false)
    } catch (err) {
      onDone(`Status not changed: ${errorMessage(err)}`, true)
    }
  }

  return (
    <div className="overlay">
      <div role="alertdialog" aria-modal="true" aria-labelledby="bulk-title" className="dialog" onKeyDown={(e) => e.key === 'Escape' && onDone(null, false)}>
        <h2 id="bulk-title">
          Set {ids.length.toLocaleString()} clips to {STATUS_LABELS[status]}?
        </h2>
        <p>
          Each clip not already {STATUS_LABELS[status].toLowerCase()} gets a new revision by <strong>{annotator}</strong> with its current caption. Its history
          keeps every earlier revision.
        </p>
        {status === 'flagged' && (
          <p>
            <label htmlFor="bulk-flag-reason">Flag reason</label>{' '}
            <input id="bulk-flag-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </p>
        )}
        <div className="actions">
          <button ref={cancel} type="button" onClick={() => onDone(null, false)}>
            Cancel
          </button>
          <button type="button" className="approve" disabled={saving || needsReason} onClick={() => void confirm()}>
            {saving ? 'Setting…' : `Set ${STATUS_LABELS[status]}`}
          </button>
        </div>
      </div>
    </div>
  )
}
