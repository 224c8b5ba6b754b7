import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { FileEntry, FolderListing, PickRequest } from '../../../../shared/api/files'
import { api, errorMessage } from '../../api'
import { formatBytes } from '../../lib/format'

type Props = { request: PickRequest; onPick: (path: string) => void; onCancel: () => void }

/**
 * The browser's file and folder picker: it browses the host's folders through files.list, so it
 * only ever sees inside the roots. Arrows move, Enter opens or picks, Backspace goes up, Esc closes.
 */
export function FolderBrowser({ request, onPick, onCancel }: Props) {
  // undefined: the list of roots
  const [folder, setFolder] = useState<string | undefined>(undefined)
  const [listing, setListing] = useState<FolderListing | null>(null)
  const [active, setActive] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const list = useRef<HTMLUListElement>(null)
  const opened = useRef(false)
  // the folder on screen: where a failed move returns to, and what going up selects
  const shown = useRef<string | undefined>(undefined)

  useEffect(() => {
    list.current?.focus()
  }, [])
  useEffect(() => {
    let current = true
    api.request('files.list', { kind: request.kind, path: folder, extensions: request.mode === 'folder' ? [] : request.extensions }).then(
      (next) => {
        if (!current) return
        // one root: start inside it rather than on a list of one
        if (!opened.current && next.path === null && next.entries.length === 1) {
          opened.current = true
          return setFolder(next.entries[0].path)
        }
        opened.current = true
        const from = shown.current
        shown.current = next.path ?? undefined
        setListing(next)
        setActive(
          Math.max(
            0,
            next.entries.findIndex((e) => e.path === from)
          )
        )
      },
      (err: unknown) => {
        if (!current) return
        setError(errorMessage(err))
        setFolder(shown.current)
      }
    )
    return () => {
      current = false
    }
  }, [folder, request])

  const entries = listing?.entries ?? []
  const at = listing?.path ?? null
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
  }, [active, listing])

  // above a root is the list of roots, and only when there are several
  const canGoUp = at !== null && (listing?.parent != null || (listing?.roots.length ?? 0) > 1)
  const up = (): void => {
    if (!canGoUp) return
    setError(null)
    setFolder(listing?.parent ?? undefined)
  }
  const choose = (entry: FileEntry | undefined): void => {
    if (!entry) return
    setError(null)
    if (entry.type === 'dir') setFolder(entry.path)
    else if (request.mode === 'file') onPick(entry.path)
  }
  const onKeyDown = (event: KeyboardEvent): void => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: entries.length - 1,
      PageDown: active + 10,
      PageUp: active - 10
    }
    if (event.key in moves) setActive(Math.max(0, Math.min(entries.length - 1, moves[event.key])))
    else if (event.key === 'Enter') choose(entries[active])
    else if (event.key === 'Backspace') up()
    else return
    event.preventDefault()
  }
  const title = request.title ?? (request.mode === 'folder' ? 'Choose a folder' : 'Choose a file')

  return (
    <div className="overlay">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="picker-title"
        className="dialog picker"
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return
          e.stopPropagation()
          onCancel()
        }}
      >
        <h2 id="picker-title">{title}</h2>
        <p className="path" data-testid="picker-location">
          {at ?? (listing && listing.roots.length > 1 ? 'Roots' : '')}
        </p>
        {error && (
          <div role="alert" className="banner error">
            {error}
          </div>
        )}
        <ul
          ref={list}
          role="listbox"
          tabIndex={0}
          aria-label="Folder contents"
          aria-activedescendant={entries.length ? optionId(active) : undefined}
          className="picker-list"
          onKeyDown={onKeyDown}
        >
          {entries.map((entry, i) => (
            <li
              key={entry.path}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={entry.type}
              onClick={() => setActive(i)}
              onDoubleClick={() => choose(entry)}
            >
              <span className="name">
                {entry.name}
                {entry.type === 'dir' && !entry.name.endsWith('/') ? '/' : ''}
              </span>
              {entry.type === 'file' && <span className="muted">{formatBytes(entry.size)}</span>}
            </li>
          ))}
        </ul>
        {listing && entries.length === 0 && <p className="muted">Nothing to pick here.</p>}
        {listing?.truncated && <p className="muted">Only the first {entries.length.toLocaleString()} entries are shown: type the path instead.</p>}
        <div className="actions">
          <button type="button" onClick={up} disabled={!canGoUp}>
            Up
          </button>
          {request.mode === 'folder' ? (
            <button type="button" disabled={at === null} onClick={() => at && onPick(at)}>
              Choose this folder
            </button>
          ) : (
            <button type="button" disabled={entries[active]?.type !== 'file'} onClick={() => choose(entries[active])}>
              Choose
            </button>
          )}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}

const optionId = (i: number) => `picker-option-${i}`
