import type { MutableRefObject } from 'react'
import type { Clip } from '../../../../shared/contract'
import type { ClipFrames } from '../../../../shared/api/review'
import { formatBytes, formatDuration, formatFps, formatResolution } from '../../lib/format'
import { Player } from './Player'
import type { PlaybackControls } from './usePlayback'

type Props = { clip: Clip; frames: ClipFrames | null; controlsRef: MutableRefObject<PlaybackControls | null> }

/** The player, or the import error when the clip could not be read; metadata below. */
export function ClipMedia({ clip, frames, controlsRef }: Props) {
  // Long values (path, extra CSV columns) get a full-width row.
  const rows: [string, string, boolean?][] = [
    ['Resolution', formatResolution(clip.width, clip.height)],
    ['FPS', formatFps(clip.fps)],
    ['Frames', clip.frameCount == null ? '—' : String(clip.frameCount)],
    ['Codec', clip.codec ?? '—'],
    ['Duration', formatDuration(clip.duration)],
    ['Size', formatBytes(clip.size)],
    ['Path', clip.path, true],
    ...Object.entries(clip.extra).map(([key, value]): [string, string, boolean] => [key, value, true])
  ]
  return (
    <div className="clip-media">
      {clip.importError ? (
        <div role="alert" className="banner error player-error" data-testid="clip-import-error">
          <strong>This clip could not be imported.</strong> {clip.importError}
        </div>
      ) : (
        <Player clip={clip} frames={frames} controlsRef={controlsRef} />
      )}
      <dl className="meta">
        {rows.map(([term, value, wide], i) => (
          <div key={i} className={wide ? 'wide' : undefined}>
            <dt>{term}</dt>
            <dd title={value}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
