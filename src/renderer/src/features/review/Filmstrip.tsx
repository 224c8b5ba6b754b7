import { useState } from 'react'
import { useProjectScope } from '../../lib/projectContext'

type Props = {
  clipId: number
  /** Frame numbers the model saw, in order (sampleFrameIndices). */
  sampled: number[]
  current: number
  onSeek: (frame: number) => void
}

/** The 16 frames pre-labeling sent to the model; each seeks the player to its frame. */
export function Filmstrip({ clipId, sampled, current, onSeek }: Props) {
  const scope = useProjectScope()
  // The first thumbnail makes the host extract all 16 (one ffmpeg run, a second or more); the others
  // are asked for once it is there. Asked for together, they held all six of the browser's
  // connections to the HTTP host while it extracted, and a save waited behind them (bench:review).
  const firstUrl = scope.filmstripUrl(clipId, 0)
  const [extracted, setExtracted] = useState<string | null>(null)
  return (
    <ol className="filmstrip" aria-label="Frames the model saw">
      {sampled.map((frame, slot) => (
        <li key={slot}>
          <button
            type="button"
            aria-label={`Model frame ${slot + 1}: frame ${frame}`}
            aria-current={frame === current ? 'true' : undefined}
            onClick={() => onSeek(frame)}
          >
            {/* A thumbnail the host could not make leaves the frame number, not a broken image. */}
            {(slot === 0 || extracted === firstUrl) && (
              <img
                src={slot === 0 ? firstUrl : scope.filmstripUrl(clipId, slot)}
                alt=""
                loading="lazy"
                decoding="async"
                onLoad={slot === 0 ? () => setExtracted(firstUrl) : undefined}
                onError={(e) => (e.currentTarget.style.visibility = 'hidden')}
              />
            )}
            <span>{frame}</span>
          </button>
        </li>
      ))}
    </ol>
  )
}
