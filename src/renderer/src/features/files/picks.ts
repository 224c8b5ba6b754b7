import type { PickRequest } from '../../../../shared/api/files'

/** A GGUF file in the models folder. */
export const ggufPick = (title: string): PickRequest => ({ kind: 'models', mode: 'file', extensions: ['gguf'], title })

/** A project file in the projects folder. */
export const projectPick: PickRequest = { kind: 'projects', mode: 'file', extensions: ['sqlite'], title: 'Open a project' }
