import { execFileSync, spawnSync } from 'node:child_process'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parsePacketTimes, readFrameTimes } from '../../src/main/media/frameTimes'
import { ProcessManager } from '../../src/main/processes'
import { clampFrame, constantTiming, frameAt, frameEnd, isVariableRate, seekTime, stepFrom, type FrameTiming } from '../../src/shared/frameTiming'
import { tempDir } from '../helpers/temp'

const RATES: [string, number][] = [
  ['25', 25],
  ['29.97', 30000 / 1001],
  ['30', 30],
  ['60', 60]
]

describe.each(RATES)('frame arithmetic at %s fps', (_name, fps) => {
  // Ten minutes: float error grows with the frame number, so test far into a long clip.
  const count = Math.round(600 * fps)
  const timing = constantTiming(fps, count)

  it('maps every frame start, middle and last instant back to that frame', () => {
    for (let k = 0; k < count; k++) {
      const start = k / fps
      expect(frameAt(timing, start)).toBe(k)
      expect(frameAt(timing, seekTime(timing, k))).toBe(k)
      // A microsecond before the next frame is still this frame.
      expect(frameAt(timing, (k + 1) / fps - 2e-6)).toBe(k)
    }
  })

  it('seeks to the middle of the display interval', () => {
    expect(seekTime(timing, 0)).toBeCloseTo(0.5 / fps, 12)
    expect(seekTime(timing, 100)).toBeCloseTo(100.5 / fps, 9)
    expect(seekTime(timing, count - 1)).toBeCloseTo((count - 0.5) / fps, 9)
    expect(frameEnd(timing, count - 1)).toBeCloseTo(count / fps, 9)
  })

  it('steps one frame at a time from wherever the playhead is, and stops at both ends', () => {
    let t = 0
    for (let k = 1; k < 500; k++) {
      const next = stepFrom(timing, t, 1)
      expect(next).toBe(k)
      t = seekTime(timing, next)
    }
    expect(stepFrom(timing, seekTime(timing, 10), -1)).toBe(9)
    expect(stepFrom(timing, 0, -1)).toBe(0)
    expect(stepFrom(timing, timing.end, 1)).toBe(count - 1)
    expect(clampFrame(timing, count + 5)).toBe(count - 1)
    expect(isVariableRate(timing)).toBe(false)
  })
})

describe('frame numbers at known times', () => {
  it('matches hand-computed values', () => {
    const ntsc = constantTiming(30000 / 1001, 2000)
    // 60 s at 29.97 fps is 1798.2 frames in: frame 1798 is on screen.
    expect(frameAt(ntsc, 60)).toBe(1798)
    // Frame 1001 starts exactly at 1001·1001/30000 = 33.4001 s.
    expect(frameAt(ntsc, 33.4001)).toBe(1001)
    expect(frameAt(ntsc, 33.4)).toBe(1000)
    expect(frameAt(constantTiming(25, 101), 0.04)).toBe(1)
    expect(frameAt(constantTiming(25, 101), 0.0399)).toBe(0)
    expect(frameAt(constantTiming(60, 600), 1)).toBe(60)
    expect(seekTime(constantTiming(25, 101), 10)).toBeCloseTo(0.42, 12)
  })
})

describe('packet timestamps', () => {
  it('puts B-frames in presentation order, drops discarded packets, and ends after the last frame', () => {
    const csv = [
      '0.000000,0.040000,K_',
      '0.120000,0.040000,__',
      '0.040000,0.040000,__',
      '0.080000,0.040000,__',
      '-0.040000,0.040000,_D',
      'N/A,N/A,__',
      ''
    ].join('\n')
    expect(parsePacketTimes(csv)).toEqual({ times: [0, 0.04, 0.08, 0.12], end: 0.16 })
  })
  it('uses the previous interval when the last packet has no duration', () => {
    expect(parsePacketTimes('0,,K_\n0.5,,__\n').end).toBe(1)
  })
  it('refuses a stream with no timestamps', () => {
    expect(() => parsePacketTimes('N/A,N/A,K_\n', 'x.mp4')).toThrow(/x.mp4 has no timestamped video frames/)
  })
})

describe('a variable-frame-rate clip made with ffmpeg', () => {
  const processes = new ProcessManager()
  let file: string
  let timing: FrameTiming
  // 10 frames at 10 fps, then 41 frames at 30 fps, H.264 with B-frames (packets out of order).
  const expected = Array.from({ length: 51 }, (_, n) => (n < 10 ? n * 0.1 : 1 + (n - 10) / 30))

  beforeAll(async () => {
    file = path.join(tempDir(), 'vfr.mp4')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:rate=30:duration=1.7',
      // testsrc2's time base is 1/30 s: 3 ticks = 0.1 s; whole ticks keep the timestamps exact.
      '-vf',
      "setpts='if(lt(N,10),N*3,30+N-10)'",
      '-fps_mode',
      'passthrough',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-video_track_timescale',
      '90000',
      file
    ])
    timing = await readFrameTimes(processes, 'ffprobe', file)
  })

  it('reads every frame time from the packets', () => {
    expect(timing.times).toHaveLength(51)
    timing.times.forEach((t, n) => expect(t).toBeCloseTo(expected[n], 5))
    expect(isVariableRate(timing)).toBe(true)
  })

  it('agrees with the times of a full decode, frame by frame', () => {
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file], {
      encoding: 'utf8'
    })
    const decoded = out
      .split('\n')
      .map((l) => l.replace(/,$/, '').trim())
      .filter(Boolean)
      .map(Number)
    expect(decoded).toEqual(timing.times)
  })

  it("numbers frames as ffmpeg's select=eq(n,k) does, which is how pre-labeling picks frames", () => {
    for (const k of [0, 9, 10, 11, 50]) {
      const run = spawnSync('ffmpeg', ['-v', 'info', '-i', file, '-vf', `select='eq(n\\,${k})',showinfo`, '-fps_mode', 'passthrough', '-f', 'null', '-'], {
        encoding: 'utf8'
      })
      const shown = /pts_time:([\d.]+)/.exec(run.stderr)
      expect(shown, run.stderr).not.toBeNull()
      expect(Number(shown![1])).toBeCloseTo(timing.times[k], 5)
    }
  })

  it('steps across the rate change without skipping or repeating a frame', () => {
    const seen: number[] = [0]
    let t = seekTime(timing, 0)
    for (let i = 0; i < 50; i++) {
      const k = stepFrom(timing, t, 1)
      seen.push(k)
      t = seekTime(timing, k)
    }
    expect(seen).toEqual(Array.from({ length: 51 }, (_, n) => n))
    // Frames 0-9 last 0.1 s, later ones 1/30 s: the seek targets follow.
    expect(seekTime(timing, 9)).toBeCloseTo(0.95, 5)
    expect(seekTime(timing, 10)).toBeCloseTo(1 + 1 / 60, 5)
    expect(frameAt(timing, 0.99)).toBe(9)
    expect(frameAt(timing, 1.0)).toBe(10)
    expect(frameAt(timing, 1.04)).toBe(11)
    // Back from the fast part into the slow part.
    expect(stepFrom(timing, seekTime(timing, 10), -1)).toBe(9)
  })
})
