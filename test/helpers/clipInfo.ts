// What an import's probe records of a clip file, for store tests that record clips without a real video.
import type { ClipFileInfo } from '../../src/main/store/clips'

/** A 4 s 1080p H.264 file's probe, with `over` in place of any field. */
export function clipInfo(over: Partial<ClipFileInfo> = {}): ClipFileInfo {
  return {
    size: 1000,
    mtimeMs: 1,
    fingerprint: 'v1:1000:abc',
    duration: 4,
    fps: 25,
    frameCount: 100,
    width: 1920,
    height: 1080,
    codec: 'h264',
    importError: null,
    ...over
  }
}
