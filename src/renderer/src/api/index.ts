import type { ApiClient } from '../../../shared/contract'
import { createHttpClient } from './http'
import { createDropper, createIpcClient, createNativePicker, createTeamCall, findBridge, type DropFiles, type PickPath, type TeamCall } from './ipc'

const bridge = findBridge()

/** IPC inside Electron (the preload exposes `window.studio`), HTTP in a browser. */
export const api: ApiClient = bridge ? createIpcClient(bridge) : createHttpClient(new URLSearchParams(window.location.search).get('token'))
/** Native dialogs inside Electron; null in a browser, which browses the host's roots (files.list) instead. */
export const nativePick: PickPath | null = bridge ? createNativePicker(bridge) : null
/** Dropped files' paths, in the desktop app only: a browser page is never told where a dropped file is. */
export const nativeDrop: DropFiles | null = bridge ? createDropper(bridge) : null
/** Connect to a team host or share this project: the desktop app only. */
export const nativeTeam: TeamCall | null = bridge ? createTeamCall(bridge) : null
/** The desktop app, whose menu sends commands (the 'menu.command' event). */
export const inDesktopApp = !!bridge
export type { DropFiles, PickPath, TeamCall }
export { errorMessage, isConflict } from './result'
