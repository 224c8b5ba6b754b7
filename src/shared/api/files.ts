import { z } from 'zod'

/** The kinds of folders the host may read and write (src/main/roots/roots.ts). */
export const RootKind = z.enum(['media', 'projects', 'models', 'exports'])
export type RootKind = z.infer<typeof RootKind>

export const FileEntry = z.object({
  name: z.string(),
  /** Absolute path (the folder's real path and the entry's name): what a form sends back to the host. */
  path: z.string(),
  type: z.enum(['dir', 'file']),
  size: z.number(),
  /** Last modification, ms since the epoch. */
  mtime: z.number()
})
export type FileEntry = z.infer<typeof FileEntry>

export const FolderListing = z.object({
  /** The folder listed (its real path); null when the entries are the roots themselves. */
  path: z.string().nullable(),
  /** Where Backspace goes: the parent folder, or null for the list of roots. */
  parent: z.string().nullable(),
  /** The roots of this kind, for the picker's header and messages. */
  roots: z.array(z.string()),
  /** Folders first, then files, each by name. Hidden (dot) entries are never listed. */
  entries: z.array(FileEntry),
  /** More entries than the cap: only the first ones read are listed. */
  truncated: z.boolean()
})
export type FolderListing = z.infer<typeof FolderListing>

export const ListInput = z
  .object({
    kind: RootKind,
    /** A folder inside a root of `kind`; without it, the roots of that kind. */
    path: z
      .string()
      .min(1)
      .max(4096)
      .refine((p) => !p.includes('\0'), 'a path has no NUL character')
      .optional(),
    /** Files listed only with these extensions (no dot, any case); [] lists folders only. Without it, every file. */
    extensions: z
      .array(z.string().regex(/^[a-z0-9]{1,12}$/i, 'an extension without the dot'))
      .max(16)
      .optional()
  })
  .strict()

/** What a form asks a picker for: the native dialog of the desktop app, or the host's roots-confined one. */
export const PickRequest = z
  .object({
    kind: RootKind,
    mode: z.enum(['folder', 'file']),
    extensions: ListInput.shape.extensions,
    title: z.string().max(120).optional()
  })
  .strict()
export type PickRequest = z.infer<typeof PickRequest>
/** The path picked, or null when the user cancelled. */
export type PickResult = { path: string | null }

/** What the desktop app's preload read off files dropped on the page (webUtils.getPathForFile). */
export const DroppedPaths = z
  .array(
    z
      .string()
      .min(1)
      .max(4096)
      .refine((p) => !p.includes('\0'), 'a path has no NUL character')
  )
  .min(1)
  .max(256)
/** Each dropped path the host granted, with how it imports, and those it refused, by name and why. */
export type DropResult = {
  granted: { path: string; kind: 'folder' | 'csv' | 'file' }[]
  refused: { name: string; problem: string }[]
}

/** Browsing the host's folders, only inside its roots: about the host, not a project. */
export const filesApi = {
  'files.list': { input: ListInput, output: FolderListing }
} as const
