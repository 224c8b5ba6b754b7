import { useState } from 'react'
import type { QueueOrder, QueueSettings } from '../../../../shared/api/queue'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { describeOrder } from '../library/queueOrder'

type FilterOrder = Extract<QueueOrder, { kind: 'filter' }>

type Props = { settings: QueueSettings; onSaved: (settings: QueueSettings) => void }

/** The lead's choice of what N walks, in the Work queue card: import order, or the Library filter saved from the Library. */
export function QueueOrderSetting({ settings, onSaved }: Props) {
  const scope = useProjectScope()
  // the saved filter, kept while import order is chosen so it can be chosen again
  const [filter] = useState<FilterOrder | null>(settings.order.kind === 'filter' ? settings.order : null)
  const [error, setError] = useState<string | null>(null)

  const choose = (order: QueueOrder) => {
    setError(null)
    // the whole settings object goes back, so the lease length keeps its value
    scope.request('queue.saveSettings', { ...settings, order }).then(onSaved, (err: unknown) => setError(errorMessage(err)))
  }

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
