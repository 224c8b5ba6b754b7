import type { ProcessManager } from '../processes'
import type { ClipFileInfo } from '../store/clips'
import { fingerprintFile, type Fingerprint } from './fingerprint'
import { probeFile } from './probe'

export function failedInfo(importError: string, file: Partial<Fingerprint> = {}): ClipFileInfo {
  return {
    size: file.size ?? null,
    mtimeMs: file.mtimeMs ?? null,
    fingerprint: file.fingerprint ?? null,
    duration: null,
    fps: null,
    frameCount: null,
    width: null,
    height: null,
    codec: null,
    importError
  }
}

/** Fingerprint + ffprobe of one file. Never throws: a bad file comes back with importError set. */
export async function inspectClip(processes: ProcessManager, ffprobe: string, file: string): Promise<ClipFileInfo> {
  // probeFile checks existence and size first and words those errors; the fingerprint may
  // still succeed for a file ffprobe rejects, and is kept so a later re-import can compare.
  const [fingerprint, probe] = await Promise.allSettled([fingerprintFile(file), probeFile(processes, ffprobe, file)])
  const fp = fingerprint.status === 'fulfilled' ? fingerprint.value : {}
  if (probe.status === 'rejected') {
    const reason: unknown = probe.reason
    return failedInfo(reason instanceof Error ? reason.message : String(reason), fp)
  }
  return { ...failedInfo('', fp), ...probe.value, importError: null }
}
