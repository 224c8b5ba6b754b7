import { useState } from 'react'
import type { QueueOrder } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useMayCall } from '../../lib/caller'
import { humanize } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import type { ListQuery } from './useClipPages'

const words = (key: string): string => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
const valueText = (value: unknown): string =>
  value === null
    ? 'none'
    : typeof value === 'object'
      ? `${humanize(String((value as { field: string }).field))} below ${(value as { below: number }).below}`
      : humanize(String(value))

/** The order in words: "shot type close up, sorted by name, descending". */
export function describeOrder(order: QueueOrder): string {
  if (order.kind === 'import') return 'import order'
  const terms = Object.entries(order.filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${words(k)} ${valueText(v)}`)
  return `${terms.length ? terms.join(', ') : 'every clip'}, sorted by ${words(order.sort)}${order.desc ? ', descending' : ''}`
}

/** A lead's "Use this filter as the queue order": saves the Library's filter and sort as the order N walks. */
export function QueueOrderButton({ query }: { query: ListQuery }) {
  const project = useProjectScope()
  const may = useMayCall('queue.saveSettings')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  if (!may) return null

  const use = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      const { sort, desc, ...filter } = query
      const settings = await project.request('queue.settings', {})
      const saved = await project.request('queue.saveSettings', { ...settings, order: { kind: 'filter', filter, sort, desc } })
      setMessage({ text: `Queue order: ${describeOrder(saved.order)}. N offers only these clips (after each person's assigned ones).`, error: false })
    } catch (err) {
      setMessage({ text: errorMessage(err), error: true })
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="queue-order">
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => void use()}
        title="N then gives people the clips this filter matches, in this sort"
      >
        Use this filter as the queue order
      </button>
      {message && (
        <span role="status" className={message.error ? 'error-text' : 'muted'}>
          {message.text}
        </span>
      )}
    </span>
  )
}
