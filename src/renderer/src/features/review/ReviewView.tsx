import { useEffect, useMemo, useRef, useState } from 'react'
import { baseName, STATUS_LABELS } from '../../lib/format'
import { useCaller } from '../../lib/caller'
import { useProjectScope } from '../../lib/projectContext'
import { useMenuCommand } from '../../lib/useMenuCommand'
import { errorMessage } from '../../api'
import type { NeighborOrder } from '../../../../shared/api/review'
import type { ReviewRecord } from '../../../../shared/autoAccept'
import type { StructuralCaption } from '../../../../shared/caption'
import { CaptionForm, FIELD_KEYS } from './CaptionForm'
import { ClipMedia } from './ClipMedia'
import { ConfidenceSummary } from './ConfidenceSummary'
import { confidenceMarks, reviewPlan, reviewRecord } from './confidenceMarks'
import { FusionPanel } from './FusionPanel'
import { HistoryPanel } from './HistoryPanel'
import { PrelabelPanel } from './PrelabelPanel'
import { SaveBar } from './SaveBar'
import { TakeNext } from './TakeNext'
import { ShortcutSheet } from './ShortcutSheet'
import { useFrames, useHistory, useNeighbors, useTypeSuggestions } from './useClipExtras'
import type { PlaybackControls } from './usePlayback'
import { useReview } from './useReview'
import { useReviewKeys } from './useReviewKeys'
import { useReviewSettings } from './useReviewSettings'
import { leaseText, useLease } from './useLease'
import { validateCaption } from './validation'
import './review.css'

type Props = {
  clipId: number | null
  annotator: string
  onDirtyChange: (dirty: boolean) => void
  onOpenLibrary: () => void
  onOpenClip: (clipId: number) => void
  /** The queue A and N follow: the Library's "least confident first" when it is sorted so. */
  order: NeighborOrder
}

export function ReviewView({ clipId, onOpenLibrary, ...rest }: Props) {
  const team = useCaller()?.kind === 'person'
  if (clipId == null) {
    return (
      <div className="pad">
        <p className="muted">No clip selected.</p>
        <button type="button" onClick={onOpenLibrary}>
          Pick a clip in the Library
        </button>
        {team && <TakeNext onOpenClip={rest.onOpenClip} />}
      </div>
    )
  }
  return <ClipReview clipId={clipId} {...rest} />
}

function ClipReview({ clipId, annotator, order, onDirtyChange, onOpenClip }: Omit<Props, 'onOpenLibrary'> & { clipId: number }) {
  // What each save records about pre-accepted fields; set below once the clip and the settings are known.
  const plan = useRef<{ plan: ReviewRecord | null; model: StructuralCaption | null }>({ plan: null, model: null })
  const review = useReview(clipId, annotator, (saved) => reviewRecord(plan.current.plan, plan.current.model, saved))
  const { detail, draft, conflict, dirty } = review
  const frames = useFrames(clipId, !!detail && !detail.clip.importError)
  const neighbors = useNeighbors(clipId, order)
  const scope = useProjectScope()
  // a person of a team: N takes the next clip nobody else holds (queue.next); the desktop's own lead keeps the neighbours
  const team = useCaller()?.kind === 'person'
  const lease = leaseText(useLease(clipId, team))
  const reviewSettings = useReviewSettings()
  const suggestions = useTypeSuggestions(review.lastSaved)
  // Read again after every save here and after a reload that brought someone else's revision.
  const history = useHistory(clipId, review.saved?.number ?? null)
  const issues = useMemo(() => (draft ? validateCaption(draft) : []), [draft])
  const prelabel = detail?.prelabel ?? null
  const { markBelow, autoAccept } = reviewSettings.settings
  const gold = !!detail?.gold
  const accept = useMemo(() => reviewPlan(clipId, prelabel?.confidence, autoAccept, gold), [clipId, prelabel, autoAccept, gold])
  plan.current = { plan: accept, model: prelabel?.caption ?? null }
  const marks = useMemo(
    () =>
      draft ? confidenceMarks(prelabel?.confidence, prelabel?.caption ?? null, draft, markBelow, accept?.mode === 'accepted' ? accept.fields : []) : new Map(),
    [prelabel, draft, markBelow, accept]
  )
  const [notice, setNotice] = useState<string | null>(null)
  const [flagging, setFlagging] = useState(false)
  const [sheet, setSheet] = useState(false)
  const player = useRef<PlaybackControls | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const historyPanel = useRef<HTMLElement>(null)

  // Leaving saves by itself; only edits that cannot be saved (a conflict) need the discard question.
  useEffect(() => {
    onDirtyChange(dirty && conflict !== null)
    return () => onDirtyChange(false)
  }, [dirty, conflict, onDirtyChange])

  // For bench/review.ts: when this clip's data is on screen, and keyboard focus on the screen.
  const ready = detail !== null && draft !== null
  useEffect(() => {
    if (!ready) return
    performance.mark('review:data-ready', { detail: { clipId } })
    if (document.activeElement === document.body || !document.activeElement) root.current?.focus()
  }, [ready, clipId])

  const go = (target: number | null | undefined, none: string): void => {
    if (target == null) setNotice(none)
    else onOpenClip(target)
  }
  // a team's N and approve-and-next: the next clip nobody else holds, leased to this person
  const takeNext = (): void => {
    scope.request('queue.next', { after: clipId }).then(
      (next) => go(next?.clipId, 'Every clip left is done or held by someone else.'),
      (err: unknown) => setNotice(`Cannot take the next clip: ${errorMessage(err)}`)
    )
  }
  const decide = async (status: 'approved' | 'rejected', thenNext: boolean): Promise<void> => {
    setNotice(null)
    if (status === 'approved') {
      const blocking = issues.filter((i) => i.blocking)
      if (blocking.length) return setNotice(`Cannot approve yet: ${blocking.map((i) => i.message).join(' ')}`)
    }
    if (thenNext) performance.mark('review:approve-next', { detail: { clipId } })
    const saved = await review.save(status)
    if (!saved || !thenNext) return
    if (team) takeNext()
    else go(neighbors?.next, 'Approved. There is no other clip to go to.')
  }
  const actions = {
    undo: review.undo,
    redo: review.redo,
    saveNow: () => void review.save(),
    approveAndNext: () => void decide('approved', true),
    reject: () => void decide('rejected', false),
    nextUnreviewed: async () => {
      setNotice(null)
      if (!(await review.save())) return
      if (team) takeNext()
      else go(neighbors?.nextUnreviewed, 'No other clip is unreviewed.')
    },
    flag: () => setFlagging(true),
    toggleSheet: () => setSheet((open) => !open),
    focusField: (index: number) => {
      const id = FIELD_KEYS[index] ?? 'subject-1-type'
      ;(document.getElementById(id) ?? document.querySelector<HTMLElement>('.subjects > button:last-of-type'))?.focus()
    },
    focusHistory: () => historyPanel.current?.focus(),
    focusRoot: () => root.current?.focus()
  }
  useReviewKeys(player, actions, !sheet && !flagging)
  useMenuCommand('help.shortcuts', () => setSheet(true))

  if (review.loadError) {
    return (
      <div role="alert" className="banner error">
        Cannot load clip {clipId}: {review.loadError}
      </div>
    )
  }
  if (!detail || !draft) return <p className="muted pad">Loading clip…</p>

  return (
    <div className="review" ref={root} tabIndex={-1} data-testid="review" data-clip-id={clipId}>
      <div className="review-media">
        <h2 className="clip-title">
          <span data-testid="clip-name">{baseName(detail.clip.path)}</span>
          <span className={`badge ${detail.clip.status}`} data-testid="clip-status">
            {STATUS_LABELS[detail.clip.status]}
          </span>
          {detail.gold && (
            <span className="badge" data-testid="gold-badge" title="In the blind gold set: annotate from scratch; no pre-label is shown">
              Gold set
            </span>
          )}
          {team && lease && (
            <span className="badge" data-testid="lease-badge" title="Your lease on this clip: nobody else gets it from N while you hold it">
              {lease}
            </span>
          )}
          {accept?.mode === 'audit' && (
            <span className="badge" data-testid="audit-badge" title="Drawn for audit: nothing is pre-accepted on this clip; review every field">
              Audit: full review
            </span>
          )}
          <button type="button" className="link shortcuts-link" onClick={() => setSheet(true)}>
            Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </h2>
        <ClipMedia clip={detail.clip} frames={frames} controlsRef={player} />
        <PrelabelPanel prelabel={detail.prelabel} />
        <ConfidenceSummary confidence={detail.prelabel?.confidence} settings={reviewSettings.settings} onSave={reviewSettings.save} />
        <HistoryPanel
          ref={historyPanel}
          revisions={history.revisions}
          error={history.error}
          prelabel={detail.prelabel}
          disabled={review.saving || !annotator || conflict !== null}
          onRestore={(caption) => void review.restore(caption)}
        />
      </div>
      <div className="review-editor" role="group" aria-label="Caption editor">
        <SaveBar
          review={review}
          annotator={annotator}
          notice={notice}
          flagging={flagging}
          onSaveNow={actions.saveNow}
          onApprove={(next) => void decide('approved', next)}
          onReject={actions.reject}
          onFlag={actions.flag}
          onFlagReason={(reason) => {
            setFlagging(false)
            void review.save('flagged', reason)
            root.current?.focus()
          }}
          onCancelFlag={() => {
            setFlagging(false)
            root.current?.focus()
          }}
          onNextUnreviewed={() => void actions.nextUnreviewed()}
        />
        <CaptionForm
          caption={draft}
          model={detail.prelabel?.caption ?? null}
          marks={marks}
          issues={issues}
          suggestions={suggestions}
          onChange={review.setDraft}
        />
        <FusionPanel clipId={clipId} annotator={annotator} />
      </div>
      {sheet && (
        <ShortcutSheet
          onClose={() => {
            setSheet(false)
            root.current?.focus()
          }}
        />
      )}
    </div>
  )
}
