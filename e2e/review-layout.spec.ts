import { expect, test, type Page } from '@playwright/test'
import { call, seedProject, studioUrl } from './helpers'

// As the tiny test models write: hundreds of characters with no space to break at.
const LONG_WORD = 'x'.repeat(150) + 'Aa'.repeat(75)

/** Everything on the Review screen that reaches past the window's right edge (or past its column). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const editor = document.querySelector('.review-editor')!
    const out: string[] = []
    if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`)
    if (editor.scrollWidth > editor.clientWidth) out.push(`editor scrolls sideways: ${editor.scrollWidth} > ${editor.clientWidth}`)
    const right = editor.getBoundingClientRect().right
    if (right > width) out.push(`editor column ends at ${right} > ${width}`)
    for (const el of document.querySelectorAll('.review *')) {
      const box = el.getBoundingClientRect()
      const column = el.closest('.review-editor, .review-media')?.getBoundingClientRect().right ?? width
      if (box.width > 0 && box.right > Math.min(width, column) + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}`)
    }
    return out
  })
}

test('Review at 1440x900: a long unbroken word in a subject and in the environment stays inside the editor column', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const ids = await seedProject(page.request, 'e2e long words')
  const clip = ids['2.mp4']
  const { prelabel } = await call(page.request, 'clips.get', { id: clip })
  const caption = structuredClone(prelabel.caption)
  caption.environment = `In a car, ${LONG_WORD} outside.`
  caption.subjects[0].appearance = LONG_WORD
  caption.subjects[0].TYPES.sub_type = LONG_WORD.slice(0, 120)
  await call(page.request, 'captions.save', { clipId: clip, caption, status: 'in_progress', annotator: 'tiny model', baseNumber: 0 })

  await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'layout check'))
  await page.goto(new URL(`#/review/${clip}`, studioUrl()).href)
  await expect(page.getByLabel('Subject 1 appearance')).toHaveValue(LONG_WORD)
  // The diffs against the model show the long words as text, not only inside the text boxes.
  await expect(page.getByTestId('diff-environment')).toContainText(LONG_WORD)
  await expect(page.getByTestId('diff-subject-1-appearance')).toContainText(LONG_WORD)
  await expect(page.getByTestId('history').getByTestId('revision-1')).toBeVisible()
  expect(await overflowing(page)).toEqual([])
})
