import { expect, test, type Page } from '@playwright/test'
import { call, seedProject, seedProjectInOrder, studioUrl } from './helpers'

const EDIT_IN_A = 'Typed in project A, must never reach project B.'

const player = (page: Page) => page.getByTestId('player')
const duration = (page: Page) => player(page).evaluate((v: HTMLVideoElement) => v.duration)

/**
 * Whether the first filmstrip thumbnail on screen is the picture the host serves for it now
 * (read fresh, past every cache), compared pixel by pixel after decoding both.
 */
function thumbnailIsCurrent(page: Page): Promise<boolean> {
  return page
    .getByRole('list', { name: 'Frames the model saw' })
    .locator('img')
    .first()
    .evaluate(async (shown: HTMLImageElement) => {
      await shown.decode()
      const fresh = await createImageBitmap(await (await fetch(shown.currentSrc, { cache: 'no-store' })).blob())
      const pixels = (source: CanvasImageSource): string => {
        const canvas = document.createElement('canvas')
        canvas.width = 64
        canvas.height = 64
        const context = canvas.getContext('2d')!
        context.drawImage(source, 0, 0, 64, 64)
        return context.getImageData(0, 0, 64, 64).data.join(',')
      }
      return pixels(shown) === pixels(fresh)
    })
}

/** Opens a clip from the Library table, as the annotator would. */
async function openFromLibrary(page: Page, name: string, clipId: number): Promise<void> {
  await page.getByRole('table', { name: 'Clips' }).locator('.clip-name', { hasText: name }).click()
  await expect(page.getByTestId('review')).toHaveAttribute('data-clip-id', String(clipId))
}

test('after switching projects, clip 1 of the new project shows its own caption, video and frame times, and Ctrl+Z cannot bring back an edit made in the old project', async ({
  page
}) => {
  // Clip ids restart at 1 in every project: clip 1 is 3.mp4 in B and 2.mp4 in A.
  const b = await seedProjectInOrder(page.request, 'e2e switch B', ['3.mp4', '2.mp4'])
  expect(b).toMatchObject({ '3.mp4': 1, '2.mp4': 2 })
  const bClip1 = await call(page.request, 'clips.get', { id: 1 })
  const bAction: string = bClip1.prelabel.caption.subjects[0].action
  const a = await seedProject(page.request, 'e2e switch A')
  expect(a).toMatchObject({ '2.mp4': 1, '3.mp4': 2 })
  const projects = await call<{ name: string; path: string }[]>(page.request, 'project.list', {})
  const projectB = projects.find((p) => p.name.startsWith('e2e switch B'))!

  // In A (open on the host): clip 1 is 2.mp4; one edit gives it undo history and a revision.
  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'switcher'))
  await page.goto(new URL('#/review/1', studioUrl()).href)
  await expect(page.getByTestId('clip-name')).toHaveText('2.mp4')
  await expect(player(page)).toHaveAttribute('data-first-frame', 'shown')
  await expect(page.getByTestId('timing-source')).toContainText('121 frames, timestamps from the file')
  expect(await duration(page)).toBeCloseTo(4.173, 2)
  await page.getByLabel('Subject 1 action').fill(EDIT_IN_A)
  await expect(page.getByTestId('save-state')).toHaveText('Saved revision #1', { timeout: 5000 })
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled()

  // Projects screen → open B, in the same page (every renderer cache is still alive).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click()
  await page.getByRole('button', { name: `Open project ${projectB.name}` }).click()
  await expect(page.getByTestId('current-project')).toHaveText(projectB.name)
  await openFromLibrary(page, '3.mp4', 1)

  // B's caption, B's video and B's frame times (3.mp4: 101 frames at 25 fps, 4.04 s).
  await expect(page.getByTestId('clip-name')).toHaveText('3.mp4')
  await expect(page.getByLabel('Subject 1 action')).toHaveValue(bAction)
  await expect(player(page)).toHaveAttribute('data-first-frame', 'shown')
  await expect.poll(() => duration(page)).toBeCloseTo(4.04, 2)
  await expect(page.getByTestId('timing-source')).toContainText('101 frames, timestamps from the file')
  await page.keyboard.press('End')
  await expect(page.getByTestId('frame-number')).toHaveText('100')
  await expect.poll(() => thumbnailIsCurrent(page)).toBe(true)

  // Nothing to undo in B: the field keeps B's text and nothing is saved to B.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled()
  await page.keyboard.press('ControlOrMeta+z')
  await page.waitForTimeout(2500)
  await expect(page.getByLabel('Subject 1 action')).toHaveValue(bAction)
  await expect(page.getByTestId('save-state')).toHaveText('No changes yet')
  expect(await call<unknown[]>(page.request, 'captions.history', { clipId: 1 })).toHaveLength(0)
  expect((await call(page.request, 'clips.get', { id: 1 })).clip.path).toMatch(/3\.mp4$/)

  // Clip 2 was preloaded as A's next clip (3.mp4); in B it is 2.mp4 (121 frames at 29 fps).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click()
  await openFromLibrary(page, '2.mp4', 2)
  await expect(page.getByTestId('clip-name')).toHaveText('2.mp4')
  await expect(player(page)).toHaveAttribute('data-first-frame', 'shown')
  await expect.poll(() => duration(page)).toBeCloseTo(4.173, 2)
  await expect(page.getByTestId('timing-source')).toContainText('121 frames, timestamps from the file')
  await expect.poll(() => thumbnailIsCurrent(page)).toBe(true)
})
