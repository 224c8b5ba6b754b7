import type { ApiClient } from '../../../shared/contract'
import { createHttpClient } from './http'
import { createIpcClient, findBridge } from './ipc'

/** IPC inside Electron (the preload exposes `window.studio`), HTTP in a browser. */
function pickClient(): ApiClient {
  const bridge = findBridge()
  if (bridge) return createIpcClient(bridge)
  return createHttpClient(new URLSearchParams(window.location.search).get('token'))
}

export const api: ApiClient = pickClient()
export { errorMessage, isConflict } from './result'
