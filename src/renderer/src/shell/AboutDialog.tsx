import { useEffect, useRef } from 'react'

type Props = { version: string; platform: string; dataDir: string; onClose: () => void }

/** Help → About in the desktop app: what this studio is, and where its data folder is. */
export function AboutDialog({ version, platform, dataDir, onClose }: Props) {
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => close.current?.focus(), [])
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="about-title"
        className="dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="about-title">SkyCaptioner Studio</h2>
        <p>
          Version {version} · {platform}
        </p>
        <p className="muted">
          Reviews structural video captions from SkyCaptioner-V1. Projects and settings are in <span className="path">{dataDir}</span>.
        </p>
        <div className="actions">
          <button ref={close} type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  )
}
