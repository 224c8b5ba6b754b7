import { useCallback, useSyncExternalStore } from 'react'

// The host's OS (app.info's platform): path fields name server paths, written the host's way.
let platform = 'linux'
const listeners = new Set<() => void>()

export function setHostPlatform(next: string): void {
  if (next === platform) return
  platform = next
  for (const listener of listeners) listener()
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/** An example path for a placeholder: C:\Videos\clips on Windows, /Users/you/Videos/clips on macOS, /home/you/Videos/clips elsewhere. */
export function examplePath(host: string, ...parts: string[]): string {
  if (host === 'win32') return ['C:', ...parts].join('\\')
  return [host === 'darwin' ? '/Users/you' : '/home/you', ...parts].join('/')
}

export function useExamplePath(): (...parts: string[]) => string {
  const host = useSyncExternalStore(subscribe, () => platform)
  return useCallback((...parts: string[]) => examplePath(host, ...parts), [host])
}
