/** Undo/redo of whole values (caption states). Pure: time is passed in, so tests need no clock. */
export class UndoHistory<T> {
  private past: T[] = []
  private future: T[] = []
  private lastKey: string | null = null
  private lastAt = -Infinity

  constructor(
    /** Typing in one field within this many ms is one undo step, not one per keystroke. */
    private coalesceMs = 1500,
    private limit = 200
  ) {}

  /**
   * Call before a change, with the value it replaces. `key` names the field edited when the
   * change is typing in one text field; consecutive typing in the same field coalesces.
   */
  record(previous: T, key: string | null, now: number): void {
    const coalesce = key !== null && key === this.lastKey && now - this.lastAt < this.coalesceMs
    if (!coalesce) {
      this.past.push(previous)
      if (this.past.length > this.limit) this.past.shift()
    }
    this.future = []
    this.lastKey = key
    this.lastAt = now
  }

  /** The value to go back to, given the one shown now; null when there is nothing to undo. */
  undo(current: T): T | null {
    const previous = this.past.pop()
    if (previous === undefined) return null
    this.future.push(current)
    this.lastKey = null
    return previous
  }

  redo(current: T): T | null {
    const next = this.future.pop()
    if (next === undefined) return null
    this.past.push(current)
    this.lastKey = null
    return next
  }

  get canUndo(): boolean {
    return this.past.length > 0
  }

  get canRedo(): boolean {
    return this.future.length > 0
  }
}
