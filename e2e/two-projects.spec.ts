import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { FIXTURES, RESULT_CSV, call, studioHeaders, studioUrl } from './helpers'
import { tempDir } from '../test/helpers/temp'

type Info = { id: string; name: string }

/** A project whose clips are the named seed clips in that order (clip 1 = files[0]). */
async function project(request: APIRequestContext, name: string, files: string[]): Promise<Info> {
  const rows = parse(readFileSync(RESULT_CSV, 'utf8')) as string[][]
  const captions = new Map(rows.slice(1).map(([path, caption]) => [basename(path), caption]))
  const csv = join(tempDir('skycap-two-'), 'clips.csv')
  writeFileSync(csv, stringify([['path', 'structural_caption'], ...files.map((f) => [join(FIXTURES, 'examples/data', f), captions.get(f) ?? ''])]))
  const info = await call<Info>(request, 'project.create', { name: `${name} ${test.info().repeatEachIndex}` })
  await call(request, 'clips.import', { project: info.id, kind: 'csv', path: csv })
  return info
}

/** A page of its own (own storage), showing `p` as an annotator opens it: from the Projects screen. */
async function pageOn(browser: Browser, p: Info, annotator: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.addInitScript((name) => window.localStorage.setItem('studio.annotator', name), annotator)
  await page.goto(studioUrl())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click()
  await page.getByRole('button', { name: `Open project ${p.name}` }).click()
  await expect(page.getByTestId('current-project')).toHaveText(p.name)
  return page
}

async function edit(page: Page, text: string, revision: number): Promise<void> {
  await page.getByLabel('Subject 1 action').fill(text)
  await expect(page.getByTestId('save-state')).toHaveText(`Saved revision #${revision}`, { timeout: 10_000 })
}

test('two pages with different projects on one host each save clip 1, and each project file holds only its own edits', async ({ browser, request }) => {
  const a = await project(request, 'e2e two A', ['2.mp4', '3.mp4'])
  const b = await project(request, 'e2e two B', ['3.mp4', '2.mp4'])
  const pageA = await pageOn(browser, a, 'ana')
  const pageB = await pageOn(browser, b, 'bo')
  for (const [page, clip] of [
    [pageA, '2.mp4'],
    [pageB, '3.mp4']
  ] as const) {
    await page.goto(new URL('#/review/1', page.url()).href)
    await expect(page.getByTestId('clip-name')).toHaveText(clip)
  }

  await edit(pageA, 'A first', 1)
  await edit(pageB, 'B only', 1)
  // B opened its project after A: before, A's next save landed in B's clip 1
  await edit(pageA, 'A after B opened', 2)
  await pageB.reload()
  await expect(pageB.getByTestId('current-project')).toHaveText(b.name)
  await expect(pageB.getByLabel('Subject 1 action')).toHaveValue('B only')

  const history = async (p: Info) =>
    (await call<{ caption: { subjects: { action: string }[] }; annotator: string }[]>(request, 'captions.history', { project: p.id, clipId: 1 })).map(
      (r) => `${r.annotator}: ${r.caption.subjects[0].action}`
    )
  expect(await history(a)).toEqual(['ana: A after B opened', 'ana: A first'])
  expect(await history(b)).toEqual(['bo: B only'])
  // and each clip 1 is still its own video
  expect((await call(request, 'clips.get', { project: a.id, id: 1 })).clip.path).toMatch(/\/2\.mp4$/)
  expect((await call(request, 'clips.get', { project: b.id, id: 1 })).clip.path).toMatch(/\/3\.mp4$/)
})

test('a request naming no project, or a project the host has not open, is refused and changes nothing', async ({ request }) => {
  const a = await project(request, 'e2e refuse A', ['2.mp4'])
  const post = async (input: unknown) => (await request.post(new URL('/api/clips.get', studioUrl()).href, { data: input, headers: studioHeaders() })).json()
  expect(await post({ id: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('names its project') } })
  expect(await post({ project: '0123456789abcdef', id: 1 })).toMatchObject({ ok: false, error: { code: 'no_project' } })
  expect(await post({ project: a.id, id: 1 })).toMatchObject({ ok: true })
})
