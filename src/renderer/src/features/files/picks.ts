import type { PickRequest } from '../../../../shared/api/files'

/** One way to pick a path: a button's text and what it asks the picker for. */
export type PathPick = { text: string; request: PickRequest }

/** A GGUF file in the models folder. */
export const ggufPick = (title: string): PathPick => ({ text: 'Choose…', request: { kind: 'models', mode: 'file', extensions: ['gguf'], title } })
