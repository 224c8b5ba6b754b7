import { useState } from 'react'
import type { Clip } from '../../../../shared/contract'
import { api } from '../../api'
import { formatBytes, formatDuration, formatFps, formatResolution } from '../../lib/format'

/** The player, or the import error when the clip could not be read; metadata below. */
export function ClipMedia({ clip }: { clip: Clip }) {
  const [playError, setPlayError] = useState<string | null>(null)
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
        <video
          data-testid="player"
          aria-label="Clip player"
          className="player"
          src={api.mediaUrl(clip.id)}
          controls
          preload="auto"
          onError={(e) => setPlayError(e.currentTarget.error?.message || 'The browser cannot play this file.')}
        />
      )}
      {playError && (
        <div role="alert" className="banner error">
          Playback failed: {playError}
        </div>
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
