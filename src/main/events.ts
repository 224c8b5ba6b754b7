import type { EventName, Events } from '../shared/contract'

export type Listener = <E extends EventName>(event: E, payload: Events[E]) => void

/** Fan-out of server events to every connected transport. */
export class EventBus {
  private listeners = new Set<Listener>()

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
