import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MutableRefObject } from 'react'
import type { Clip } from '../../../../shared/contract'
import { constantTiming, isVariableRate, type FrameTiming } from '../../../../shared/frameTiming'
import type { ClipFrames } from '../../../../shared/api/review'
import { useProjectScope } from '../../lib/projectContext'
import { Filmstrip } from './Filmstrip'
import { SPEEDS } from './playerPrefs'
import { usePlayback, type PlaybackControls } from './usePlayback'
import { useFullscreen } from './useFullscreen'
import { parkVideo, takeVideo } from './videoPool'

type Props = {
  clip: Clip
  frames: ClipFrames | null
  /** Filled with the controls so the review screen's shortcuts can drive the player. */
  controlsRef: MutableRefObject<PlaybackControls | null>
}

/** Seconds with milliseconds: frame times need them. */
function seconds(t: number): string {
  return `${t.toFixed(3)} s`
}

/** Video with play/pause, scrub by frame, speed, loop, frame step, the frame number and time, and the model's 16 frames. */
export function Player({ clip, frames, controlsRef }: Props) {
  const scope = useProjectScope()
  const box = useRef<HTMLDivElement>(null)
  const wrap = useRef<HTMLDivElement>(null)
  const fullscreen = useFullscreen(wrap)
  const [video, setVideo] = useState<HTMLVideoElement | null>(null)
  const [playError, setPlayError] = useState<string | null>(null)
  const timing: FrameTiming = useMemo(
    () => (frames?.times.length ? { times: frames.times, end: frames.end } : constantTiming(clip.fps ?? 0, clip.frameCount ?? 0)),
    [frames, clip.fps, clip.frameCount]
  )
  const { state, controls } = usePlayback(video, timing)
  useEffect(() => {
    controlsRef.current = controls
    return () => {
      controlsRef.current = null
    }
  }, [controls, controlsRef])

  // Adopt the preloaded element for this clip (see videoPool.ts) and mark when its first frame is on screen.
  useLayoutEffect(() => {
    const v = takeVideo(scope, clip.id)
    v.className = 'player'
    v.dataset.testid = 'player'
    v.dataset.clipId = String(clip.id)
    v.setAttribute('aria-label', 'Clip player')
    v.tabIndex = -1
    box.current?.appendChild(v)
    let done = false
    const shown = (): void => {
      if (done) return
      done = true
      v.dataset.firstFrame = 'shown'
      performance.mark('review:first-frame', { detail: { clipId: clip.id } })
    }
    // The frame is decoded (a preloaded element already has it): it is on screen after the next
    // paint, i.e. at the second animation frame. requestVideoFrameCallback cannot tell: a paused
    // element moved into the page shows its frame without reporting a new presentation.
    const paint = (): void => void requestAnimationFrame(() => requestAnimationFrame(shown))
    if (v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) paint()
    else v.addEventListener('loadeddata', paint, { once: true })
    const onError = (): void => setPlayError(v.error?.message || 'The browser cannot play this file.')
    v.addEventListener('error', onError)
    setVideo(v)
    return () => {
      v.removeEventListener('loadeddata', paint)
      v.removeEventListener('error', onError)
      delete v.dataset.firstFrame
      parkVideo(scope, clip.id, v)
    }
  }, [scope, clip.id])

  const count = timing.times.length
  const frameTime = timing.times[state.frame] ?? 0
  return (
    <div className="player-wrap" ref={wrap}>
      <div ref={box} className="player-box" onClick={controls.toggle} />
      {playError && (
        <div role="alert" className="banner error">
          Playback failed: {playError}
        </div>
      )}
      <div className="player-controls" role="group" aria-label="Player controls">
        <button type="button" onClick={controls.toggle} aria-label={state.playing ? 'Pause' : 'Play'} title="Play / pause (Space or K)">
          {state.playing ? '❚❚' : '▶'}
        </button>
        <button type="button" onClick={() => controls.step(-1)} aria-label="Previous frame" title="Previous frame (,)">
          ◀❙
        </button>
        <button type="button" onClick={() => controls.step(1)} aria-label="Next frame" title="Next frame (.)">
          ❙▶
        </button>
        <input
          type="range"
          className="scrub"
          aria-label="Scrub"
          min={0}
          max={Math.max(0, count - 1)}
          step={1}
          value={state.frame}
          onChange={(e) => controls.seekFrame(Number(e.target.value))}
        />
        <span className="readout" aria-live="off">
          Frame <strong data-testid="frame-number">{state.frame}</strong> / {Math.max(0, count - 1)} ·{' '}
          <span data-testid="frame-time">{seconds(frameTime)}</span> / {seconds(timing.end)}
        </span>
        <label className="check" title="Slower / faster ([ and ])">
          Speed
          <select aria-label="Speed" value={state.rate} onChange={(e) => controls.setRate(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="check" title="Loop (L)">
          <input type="checkbox" checked={state.loop} onChange={(e) => controls.setLoop(e.target.checked)} />
          Loop
        </label>
        <button type="button" onClick={fullscreen.toggle} aria-pressed={fullscreen.on} title="The player and its controls fill the screen (Esc leaves)">
          {fullscreen.on ? 'Exit full screen' : 'Full screen'}
        </button>
      </div>
      <p className="muted timing-note" data-testid="timing-source">
        {frames?.source === 'ffprobe'
          ? `${count} frames, timestamps from the file${isVariableRate(timing) ? ' (variable frame rate)' : ''}`
          : frames?.problem
            ? `Frame times estimated from the frame rate: ${frames.problem}`
            : 'Reading frame times…'}
      </p>
      {frames && frames.sampled.length > 0 && <Filmstrip clipId={clip.id} sampled={frames.sampled} current={state.frame} onSeek={controls.seekFrame} />}
    </div>
  )
}
