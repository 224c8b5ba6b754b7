import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'
import { tempDir } from '../test/helpers/temp'

/** Opens a clip with the annotator already known (the name is asked once, then remembered). */
async function openClip(page: Page, clipId: number, annotator = 'keyboard annotator'): Promise<void> {
  await page.addInitScript((name) => window.localStorage.setItem('studio.annotator', name), annotator)
  await page.goto(new URL(`#/review/${clipId}`, studioUrl()).href)
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clipId))
  await expect(page.getByTestId('player')).toHaveAttribute('data-first-frame', 'shown')
}

const frameNumber = (page: Page) => page.getByTestId('frame-number')
/** The timestamp of the frame Chromium painted (requestVideoFrameCallback), as the player records it. */
const paintedTime = (page: Page) => page.getByTestId('player').evaluate((v: HTMLVideoElement) => Number(v.dataset.mediaTime))
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '')

/** Presses Tab until the control named `label` has focus. */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 40 && (await focusedLabel(page)) !== label; i++) await page.keyboard.press('Tab')
  expect(await focusedLabel(page)).toBe(label)
}

test('keyboard only: review two clips, approve and next, and find it all saved after a reload', async ({ page }) => {
  const ids = await seedProject(page.request, 'e2e keyboard review')
  const [clip2, clip3] = [ids['2.mp4'], ids['3.mp4']]
  await openClip(page, clip2)
  await expect(page.getByTestId('timing-source')).toContainText('121 frames, timestamps from the file')
  // The shortcut sheet opens with ? and closes with Esc.
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toContainText('Approve and go to the next clip')
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)

  // Seek one second in (2.mp4 is 29 fps: frame 29), then step by frames; Chromium paints exactly those frames.
  await page.keyboard.press('ArrowRight')
  await expect(frameNumber(page)).toHaveText('29')
  await page.keyboard.press('.')
  await expect(frameNumber(page)).toHaveText('30')
  await expect.poll(() => paintedTime(page)).toBeCloseTo(30 / 29, 4)
  await page.keyboard.press(',')
  await page.keyboard.press(',')
  await expect(frameNumber(page)).toHaveText('28')
  await expect.poll(() => paintedTime(page)).toBeCloseTo(28 / 29, 4)
  await expect(page.getByTestId('frame-time')).toHaveText(`${(28 / 29).toFixed(3)} s`)
  // Speed and loop by key.
  await page.keyboard.press(']')
  await expect(page.getByLabel('Speed')).toHaveValue('1.25')
  await page.keyboard.press('[')
  await page.keyboard.press('[')
  await expect(page.getByLabel('Speed')).toHaveValue('0.75')

  // Shot type with one key: 1 goes to the field, M picks medium shot; Esc leaves it.
  await page.keyboard.press('1')
  expect(await focusedLabel(page)).toBe('shot_type')
  await page.keyboard.press('m')
  await expect(page.getByLabel('Shot type')).toHaveValue('medium_shot')
  await page.keyboard.press('Escape')

  // Edit subject 1's action, and move subject 2 above it with Alt+↑.
  await page.keyboard.press('7')
  await tabTo(page, 'Subject 1 action')
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('She turns towards the camera (keyboard edit).')
  // The word diff against the model's text: new words inserted, the model's own struck through.
  const diff = page.getByTestId('diff-subject-1-action')
  await expect(diff.locator('ins').last()).toContainText('(keyboard edit).')
  await expect(diff.locator('del').first()).toContainText('woman')
  await page.keyboard.press('Escape')
  await page.keyboard.press('7')
  await tabTo(page, 'Subject 2 appearance')
  await page.keyboard.press('Alt+ArrowUp')
  await expect(page.getByLabel('Subject 1 sub-type')).toHaveValue('Man')
  expect(await focusedLabel(page)).toBe('Subject 1 appearance')
  // The woman is still the main subject, now second.
  await expect(page.getByLabel('Subject 2 main subject')).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Escape')

  // Autosave stores the edits within about a second; then A approves and moves on.
  await expect(page.getByTestId('save-state')).toHaveText('Saved revision #1', { timeout: 5000 })
  await page.keyboard.press('a')
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clip3))
  await expect(page.getByTestId('clip-name')).toHaveText('3.mp4')
  await expect(page.getByTestId('player')).toHaveAttribute('data-first-frame', 'shown')

  // Second clip (25 fps): seek, step, shot type by number, a subject edit.
  await page.keyboard.press('End')
  await expect(frameNumber(page)).toHaveText('100')
  await page.keyboard.press('Shift+ArrowLeft')
  await expect(frameNumber(page)).toHaveText('90')
  await expect.poll(() => paintedTime(page)).toBeCloseTo(90 / 25, 4)
  await page.keyboard.press('1')
  await page.keyboard.press('2')
  await expect(page.getByLabel('Shot type')).toHaveValue('full_shot')
  await page.keyboard.press('Escape')
  await page.keyboard.press('7')
  await tabTo(page, 'Subject 1 position')
  await page.keyboard.press('End')
  await page.keyboard.type(' Seen from above.')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('save-state')).toHaveText('Saved revision #1', { timeout: 5000 })

  // Undo takes the shot type back (typing in the position field was one step), redo and undo again.
  await page.keyboard.press('ControlOrMeta+z')
  await expect(page.getByLabel('Subject 1 position')).not.toHaveValue(/Seen from above/)
  await page.keyboard.press('ControlOrMeta+z')
  await expect(page.getByLabel('Shot type')).toHaveValue('extreme_close_up')
  await page.keyboard.press('ControlOrMeta+Shift+z')
  await expect(page.getByLabel('Shot type')).toHaveValue('full_shot')
  await page.keyboard.press('ControlOrMeta+z')
  await expect(page.getByLabel('Shot type')).toHaveValue('extreme_close_up')
  await expect(page.getByTestId('save-state')).toHaveText('Saved revision #2', { timeout: 5000 })
  await page.keyboard.press('a')
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clip2))

  // Everything is in the project, and the page shows it again after a reload.
  const stored2 = await call(page.request, 'clips.get', { id: clip2 })
  expect(stored2.revision).toMatchObject({ number: 2, status: 'approved', annotator: 'keyboard annotator', caption: { shot_type: 'medium_shot' } })
  expect(stored2.revision.caption.subjects.map((s: any) => s.TYPES.sub_type)).toEqual(['Man', 'Woman'])
  expect(stored2.revision.caption.subjects[1].action).toBe('She turns towards the camera (keyboard edit).')
  const stored3 = await call(page.request, 'clips.get', { id: clip3 })
  expect(stored3.revision).toMatchObject({ number: 3, status: 'approved', caption: { shot_type: 'extreme_close_up' } })
  expect(stored3.revision.caption.subjects[0].position).not.toContain('Seen from above')

  await page.reload()
  await expect(page.getByTestId('clip-status')).toHaveText('Approved')
  await expect(page.getByLabel('Shot type')).toHaveValue('medium_shot')
  await expect(page.getByLabel('Subject 2 action')).toHaveValue('She turns towards the camera (keyboard edit).')
  const history = page.getByTestId('history')
  await expect(history.getByTestId('revision-2')).toContainText('Status: In progress → Approved')
  await expect(history.getByTestId('revision-2')).toContainText('keyboard annotator')
  await expect(history.getByTestId('revision-1')).toContainText('Shot type: close up → medium shot')
  await expect(history.getByTestId('revision-1')).toContainText('Main subject: 1 → 2')

  // Restore an older revision from the history, still by keyboard: it becomes a new revision.
  await page.goto(new URL(`#/review/${clip3}`, studioUrl()).href)
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clip3))
  await expect(history.getByTestId('revision-3')).toBeVisible()
  await page.keyboard.press('h')
  await tabTo(page, 'Restore revision 1')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Shot type')).toHaveValue('full_shot')
  await expect(page.getByTestId('save-state')).toHaveText('Saved revision #4')
  await expect(history.getByTestId('revision-4')).toContainText('Shot type: extreme close up → full shot')
  expect((await call(page.request, 'clips.get', { id: clip3 })).revision).toMatchObject({ number: 4, status: 'approved', caption: { shot_type: 'full_shot' } })
})

test('two pages editing the same clip: the second gets a conflict message, not a silent overwrite', async ({ browser }) => {
  const first = await browser.newPage()
  const second = await browser.newPage()
  const ids = await seedProject(first.request, 'e2e conflict')
  const clip = ids['3.mp4']
  await openClip(first, clip, 'first tab')
  await openClip(second, clip, 'second tab')

  await first.keyboard.press('1')
  await first.keyboard.press('c')
  await expect(first.getByTestId('save-state')).toHaveText('Saved revision #1', { timeout: 5000 })

  // The second page still edits revision 0: its autosave is refused and says why.
  await second.keyboard.press('2')
  await second.keyboard.press('h')
  const conflict = second.getByTestId('conflict')
  await expect(conflict).toContainText('this clip changed elsewhere', { timeout: 5000 })
  await expect(conflict).toContainText('revision 1 was saved by first tab')
  // Autosave stays paused: nothing else reaches the project.
  await second.keyboard.press('Escape')
  await second.keyboard.press('3')
  await second.keyboard.press('a')
  await second.waitForTimeout(2000)
  expect(await call<unknown[]>(second.request, 'captions.history', { clipId: clip })).toHaveLength(1)

  // Overwrite saves the second page's version on top (nothing is deleted).
  await conflict.getByRole('button', { name: 'Overwrite' }).click()
  await expect(second.getByTestId('save-state')).toHaveText('Saved revision #2')
  // Now the first page is behind; Reload brings it the second page's values.
  await first.keyboard.press('1')
  await first.keyboard.press('l')
  await expect(first.getByTestId('conflict')).toContainText('revision 2 was saved by second tab', { timeout: 5000 })
  await first.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click()
  await expect(first.getByTestId('conflict')).toHaveCount(0)
  await expect(first.getByLabel('Shot angle')).toHaveValue('high_angle')
  await expect(first.getByLabel('Shot position')).toHaveValue('aerial_view')
  const stored = await call(first.request, 'clips.get', { id: clip })
  expect(stored.revision).toMatchObject({ number: 2, annotator: 'second tab', caption: { shot_type: 'extreme_close_up', shot_angle: 'high_angle' } })
})

test('frame steps on a variable-frame-rate clip paint exactly the frames ffprobe lists', async ({ page }) => {
  const dir = tempDir('skycap-vfr-')
  // 10 frames at 10 fps, then 30 fps: H.264 with B-frames.
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=30:duration=1',
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
    join(dir, 'vfr.mp4')
  ])
  const ids = await seedProject(page.request, 'e2e vfr', dir)
  await openClip(page, ids['vfr.mp4'])
  await expect(page.getByTestId('timing-source')).toContainText('(variable frame rate)')
  const frames = await call<{ times: number[] }>(page.request, 'media.frames', { clipId: ids['vfr.mp4'] })
  await page.keyboard.press('Home')
  for (let k = 1; k <= 14; k++) {
    await page.keyboard.press('.')
    await expect(frameNumber(page)).toHaveText(String(k))
    await expect.poll(() => paintedTime(page), { message: `frame ${k}` }).toBeCloseTo(frames.times[k], 4)
  }
})

test('the subjects list: remove the main subject, see why Approve waits, pick a new one, duplicate, add with TYPES suggestions, then flag with a reason', async ({
  page
}) => {
  const ids = await seedProject(page.request, 'e2e subjects')
  const clip = ids['2.mp4']
  await openClip(page, clip)
  const subjects = page.getByRole('region', { name: 'Subjects' })
  await expect(page.getByLabel('Subject 1 sub-type')).toHaveValue('Woman')

  await subjects.getByRole('button', { name: 'Remove subject 1' }).click()
  await expect(page.getByLabel('Subject 1 sub-type')).toHaveValue('Man')
  await expect(subjects).toContainText('No main subject: mark exactly one subject as the main subject.')
  await page.keyboard.press('Escape')
  await page.keyboard.press('a')
  await expect(page.getByTestId('review-notice')).toContainText('Cannot approve yet: No main subject')
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clip))

  await page.getByLabel('Subject 1 main subject').click()
  await expect(subjects).not.toContainText('No main subject')
  await subjects.getByRole('button', { name: 'Duplicate subject 1' }).click()
  await expect(page.getByLabel('Subject 2 sub-type')).toHaveValue('Man')
  await expect(page.getByLabel('Subject 2 main subject')).toHaveAttribute('aria-pressed', 'false')
  await subjects.getByRole('button', { name: 'Add subject' }).click()
  await expect(subjects).toContainText('Subject 3 needs a type')
  // TYPES suggestions come from the project's captions; sub-types follow the type typed.
  const options = (list: string) => page.locator(`#${list} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).sort())
  expect(await options('subject-3-type-options')).toEqual(['Animal', 'Human', 'Plant', 'Scenery', 'Sport'])
  await page.getByLabel('Subject 3 type').fill('Human')
  expect(await options('subject-3-sub_type-options')).toEqual(['Man', 'Woman'])
  await page.getByLabel('Subject 3 type').fill('Vehicles')
  await expect(subjects).not.toContainText('Subject 3 needs a type')

  await expect(page.getByTestId('save-state')).toHaveText(/Saved revision #\d+/, { timeout: 5000 })
  await expect.poll(async () => (await call(page.request, 'clips.get', { id: clip })).revision?.caption.subjects.length).toBe(3)
  const stored = (await call(page.request, 'clips.get', { id: clip })).revision.caption.subjects
  expect(stored.map((s: any) => [s.TYPES.type, s.TYPES.sub_type, s.is_main_subject])).toEqual([
    ['Human', 'Man', true],
    ['Human', 'Man', false],
    ['Vehicles', '', false]
  ])

  // F asks for the reason; it is stored with the revision and shown in the history.
  await page.keyboard.press('Escape')
  await page.keyboard.press('f')
  await expect(page.getByRole('button', { name: 'Flag clip' })).toBeDisabled()
  await page.keyboard.type('Subject 3 is a guess: the car is out of focus')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('clip-status')).toHaveText('Flagged')
  await expect(page.getByTestId('flag-reason')).toContainText('the car is out of focus')
  const latest = (await call(page.request, 'clips.get', { id: clip })).revision
  expect(latest).toMatchObject({ status: 'flagged', flagReason: 'Subject 3 is a guess: the car is out of focus' })
  await expect(page.getByTestId(`revision-${latest.number}`)).toContainText('Flag reason: Subject 3 is a guess')
})
