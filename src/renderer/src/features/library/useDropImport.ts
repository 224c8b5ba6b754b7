import { useState, type DragEvent } from 'react'
import { errorMessage, nativeDrop } from '../../api'
import type { Importer } from './useImport'

export const BROWSER_DROP_MESSAGE =
  'A browser page is not told where dropped files are (and the studio may run on another computer), so they cannot be imported by dropping. ' +
  'Use Choose folder… or Choose CSV… to pick them among the host’s folders.'

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer.types.includes('Files')

/**
 * Folders, CSVs and videos dropped on the Library: in the desktop app they are granted by the main
 * process and imported; in a browser the drop says how to pick them instead.
 */
export function useDropImport(importer: Importer) {
  const [over, setOver] = useState(false)

  async function dropped(files: File[]): Promise<void> {
    if (!nativeDrop) return importer.setNotice(BROWSER_DROP_MESSAGE)
    if (importer.running) return importer.setNotice('An import is running: drop the files again when it has finished.')
    try {
      const { granted, refused } = await nativeDrop(files)
      await importer.run(
        granted.map(({ kind, path }) => ({ kind, path })),
        refused.map(({ name, problem }) => `${name} was not imported: ${problem}`)
      )
    } catch (err) {
      importer.setError(errorMessage(err))
    }
  }

  return {
    over,
    handlers: {
      onDragOver: (event: DragEvent): void => {
        if (!carriesFiles(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
        setOver(true)
      },
      onDragLeave: (event: DragEvent): void => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false)
      },
      onDrop: (event: DragEvent): void => {
        if (!carriesFiles(event)) return
        event.preventDefault()
        setOver(false)
        void dropped(Array.from(event.dataTransfer.files))
      }
    }
  }
}
