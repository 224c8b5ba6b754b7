import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, loadWindowState, placeWindow, saveWindowState, type WindowState } from '../../../src/main/hosts/electron/windowState'
import { scratch } from '../../helpers/temp'

const dir = scratch('skycap-window-state-')
// a laptop panel with the task bar at the bottom, and a monitor to its right
const laptop = { x: 0, y: 0, width: 1366, height: 728 }
const monitor = { x: 1366, y: 0, width: 2560, height: 1400 }
const state = (s: Partial<WindowState>): WindowState => ({ x: 100, y: 100, width: 1200, height: 700, maximized: false, ...s })

describe('where the main window opens', () => {
  it('first run: the default size, centred on the primary display, shrunk to fit a small one', () => {
    expect(placeWindow(null, [monitor, laptop])).toEqual({ x: 1366 + 560, y: 250, ...DEFAULT_SIZE, maximized: false })
    expect(placeWindow(null, [laptop])).toEqual({ x: 0, y: 0, width: 1366, height: 728, maximized: false })
  })

  it('keeps a saved place on a display it still covers, and the maximized state', () => {
    expect(placeWindow(state({ x: 1500, y: 200, maximized: true }), [laptop, monitor])).toEqual(state({ x: 1500, y: 200, maximized: true }))
  })

  it('moves a window that hangs off its display back inside, on the display it mostly covers', () => {
    // mostly on the monitor, its right edge past it
    expect(placeWindow(state({ x: 3500, y: 1000 }), [laptop, monitor])).toEqual(state({ x: 1366 + 2560 - 1200, y: 1400 - 700 }))
    // a window larger than the laptop panel is shrunk to it
    expect(placeWindow(state({ x: 50, y: 50, width: 2000, height: 1200 }), [laptop])).toEqual(state({ x: 0, y: 0, width: 1366, height: 728 }))
  })

  it('a place on an unplugged monitor (or a sliver of a display) opens centred on the primary display at the saved size', () => {
    expect(placeWindow(state({ x: 2000, y: 300 }), [laptop])).toEqual(state({ x: 83, y: 14 }))
    // 40 px of it on the laptop: too little to grab
    expect(placeWindow(state({ x: 1366 - 40, y: 10 }), [laptop])).toEqual(state({ x: 83, y: 14 }))
  })

  it('is saved and read back through a file in the data folder', () => {
    const file = path.join(dir(), 'window-state.json')
    expect(loadWindowState(file)).toBeNull()
    saveWindowState(file, state({ maximized: true }))
    expect(loadWindowState(file)).toEqual(state({ maximized: true }))
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json'])
  })

  it('a damaged or foreign file opens the window at its default place, and is replaced at the next save', () => {
    const file = path.join(dir(), 'window-state.json')
    for (const text of ['{"x": 1, "y"', '[]', JSON.stringify({ ...state({}), width: -5 }), JSON.stringify({ ...state({}), x: 'left' })]) {
      fs.writeFileSync(file, text)
      expect(loadWindowState(file), text).toBeNull()
    }
    saveWindowState(file, state({}))
    expect(loadWindowState(file)).toEqual(state({}))
  })
})
