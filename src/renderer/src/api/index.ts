import type { ApiClient } from '../../../shared/contract'
import { createHttpClient } from './http'
import { createIpcClient, createNativePicker, findBridge, type PickPath } from './ipc'

const bridge = findBridge()

/** IPC inside Electron (the preload exposes `window.studio`), HTTP in a browser. */
export const api: ApiClient = bridge ? createIpcClient(bridge) : createHttpClient(new URLSearchParams(window.location.search).get('token'))
/** Native dialogs inside Electron; null in a browser, which browses the host's roots (files.list) instead. */
export const nativePick: PickPath | null = bridge ? createNativePicker(bridge) : null
export type { PickPath }
export { errorMessage, isConflict } from './result'
