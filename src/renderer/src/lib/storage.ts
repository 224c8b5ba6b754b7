// Settings remembered per machine in localStorage. Storage can be disabled or full: reads fall
// back to defaults and a failed write keeps the value for this session only.

/** The stored text under `key`, or null. */
export function readSaved(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

/** A stored object merged over `defaults` (so new fields get their default); `defaults` when unreadable. */
export function loadSaved<T extends object>(key: string, defaults: T): T {
  try {
    const stored = JSON.parse(readSaved(key) ?? 'null') as unknown
    return stored && typeof stored === 'object' ? { ...defaults, ...(stored as Partial<T>) } : defaults
  } catch {
    return defaults
  }
}

/** Stores text as is and anything else as JSON. */
export function save(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value))
  } catch {
    // Disabled or full storage: nothing more to do.
  }
}

/** This tab's own value under `key` (sessionStorage: a reload keeps it, another tab has its own). */
export function readTab(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key)
  } catch {
    return null
  }
}

export function saveTab(key: string, value: string): void {
  try {
    window.sessionStorage.setItem(key, value)
  } catch {
    // Disabled or full storage: nothing more to do.
  }
}
