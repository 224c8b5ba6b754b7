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
            <img src={scope.filmstripUrl(clipId, slot)} alt="" loading="lazy" decoding="async" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
            <span>{frame}</span>
          </button>
        </li>
      ))}
    </ol>
  )
}
