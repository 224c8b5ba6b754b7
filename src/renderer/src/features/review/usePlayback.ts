import { useCallback, useEffect, useMemo, useState } from 'react'
import { clampFrame, frameAt, seekTime, stepFrom, type FrameTiming } from '../../../../shared/frameTiming'
import { nextSpeed, saveLoop, saveRate, savedLoop, savedRate } from './playerPrefs'

export interface PlaybackState {
  playing: boolean
  /** The frame on screen: from the presented frame's own timestamp where the browser reports it. */
  frame: number
  /** The playhead, seconds. */
  time: number
  rate: number
  loop: boolean
}

export type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number
  cancelVideoFrameCallback?: (handle: number) => void
}

/** State and controls of one <video>, with frame numbers computed from the clip's real frame times. */
export function usePlayback(video: HTMLVideoElement | null, timing: FrameTiming) {
  const [state, setState] = useState<PlaybackState>(() => ({ playing: false, frame: 0, time: 0, rate: savedRate(), loop: savedLoop() }))

  useEffect(() => {
    if (!video) return
    const v = video as FrameCallbackVideo
    v.playbackRate = savedRate()
    v.loop = savedLoop()
    let presented: number | null = null
    const sync = (): void =>
      setState({
        playing: !v.paused && !v.ended,
        frame: presented ?? frameAt(timing, v.currentTime),
        time: v.currentTime,
        rate: v.playbackRate,
        loop: v.loop
      })
    // The timestamp of the frame actually painted, where supported; currentTime otherwise.
    let handle = 0
    const onFrame = (_now: number, meta: { mediaTime: number }): void => {
      presented = frameAt(timing, meta.mediaTime)
      // What the browser painted, for tests that check the frame on screen rather than our arithmetic.
      v.dataset.mediaTime = meta.mediaTime.toFixed(6)
      sync()
      handle = v.requestVideoFrameCallback?.(onFrame) ?? 0
    }
    handle = v.requestVideoFrameCallback?.(onFrame) ?? 0
    // A seek makes the old presented frame stale until the new one is painted; asking for the
    // next painted frame again here keeps the callback alive if the browser dropped it.
    const onSeeking = (): void => {
      presented = null
      if (v.requestVideoFrameCallback) {
        v.cancelVideoFrameCallback?.(handle)
        handle = v.requestVideoFrameCallback(onFrame)
      }
      sync()
    }
    const events = ['play', 'pause', 'ratechange', 'seeked', 'timeupdate', 'loadedmetadata', 'ended', 'volumechange']
    events.forEach((e) => v.addEventListener(e, sync))
    v.addEventListener('seeking', onSeeking)
    sync()
    return () => {
      events.forEach((e) => v.removeEventListener(e, sync))
      v.removeEventListener('seeking', onSeeking)
      v.cancelVideoFrameCallback?.(handle)
    }
  }, [video, timing])

  const seekFrame = useCallback(
    (frame: number) => {
      if (!video) return
      video.pause()
      video.currentTime = seekTime(timing, clampFrame(timing, frame))
    },
    [video, timing]
  )

  const controls = useMemo(
    () => ({
      toggle: () => {
        if (!video) return
        if (video.paused || video.ended) void video.play().catch(() => undefined)
        else video.pause()
      },
      /** From the playhead, which already holds the target of a seek still in progress: held keys step every frame. */
      step: (delta: number) => video && seekFrame(stepFrom(timing, video.currentTime, delta)),
      seekFrame,
      /** Paused, lands in the middle of the frame at the target time, like a frame step. */
      seekBy: (seconds: number) => {
        if (!video) return
        const target = Math.min(Math.max(0, video.currentTime + seconds), timing.end)
        if (video.paused) video.currentTime = seekTime(timing, frameAt(timing, target))
        else video.currentTime = target
      },
      setRate: (rate: number) => {
        if (!video) return
        video.playbackRate = rate
        saveRate(rate)
      },
      changeRate: (direction: 1 | -1) => {
        if (!video) return
        video.playbackRate = nextSpeed(video.playbackRate, direction)
        saveRate(video.playbackRate)
      },
      setLoop: (loop: boolean) => {
        if (!video) return
        video.loop = loop
        saveLoop(loop)
        setState((s) => ({ ...s, loop }))
      },
      toggleLoop: () => {
        if (!video) return
        video.loop = !video.loop
        saveLoop(video.loop)
        setState((s) => ({ ...s, loop: video.loop }))
      }
    }),
    [video, timing, seekFrame]
  )

  return { state, controls }
}

export type PlaybackControls = ReturnType<typeof usePlayback>['controls']
