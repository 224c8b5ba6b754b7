import { useEffect, useState } from 'react'
import type { QueueOrder, QueueSettings } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { describeOrder } from '../library/queueOrder'

type FilterOrder = Extract<QueueOrder, { kind: 'filter' }>

/** The lead's choice of what N walks: import order, or the Library filter saved from the Library. */
export function QueueOrderSetting() {
  const scope = useProjectScope()
  const [settings, setSettings] = useState<QueueSettings | null>(null)
  // the saved filter, kept while import order is chosen so it can be chosen again
  const [filter, setFilter] = useState<FilterOrder | null>(null)
  const [error, setError] = useState<string | null>(null)

  const show = (next: QueueSettings) => {
    setSettings(next)
    if (next.order.kind === 'filter') setFilter(next.order)
  }
  useEffect(() => {
    scope.request('queue.settings', {}).then(show, (err: unknown) => setError(errorMessage(err)))
  }, [scope])

  const choose = (order: QueueOrder) => {
    if (!settings) return
    setError(null)
    scope.request('queue.saveSettings', { ...settings, order }).then(show, (err: unknown) => setError(errorMessage(err)))
  }

  if (!settings) return error ? <div className="banner error">{error}</div> : null
  const onFilter = settings.order.kind === 'filter'
  return (
    <fieldset className="queue-order-setting" aria-label="Queue order">
      <legend>Queue order</legend>
      <label>
        <input type="radio" name="queue-order" checked={!onFilter} onChange={() => choose({ kind: 'import' })} /> Import order
      </label>{' '}
      <label>
        <input type="radio" name="queue-order" checked={onFilter} disabled={!filter} onChange={() => filter && choose(filter)} /> This Library filter
        {filter ? `: ${describeOrder(filter)}` : ''}
      </label>
      <p className="muted" role="status">
        {onFilter
          ? 'N gives each person their assigned clips first, then only the clips this filter matches, in its order: clips it does not match are not offered while it is on.'
          : 'N gives each person their assigned clips first, then every clip in import order. To use a filter, set it on the Library and press "Use this filter as the queue order".'}
      </p>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
    </fieldset>
  )
}
