// Shared by the browser specs: where the seed data is and how to reach the host's API directly.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { isProjectRoute, type Route } from '../src/shared/contract'
import { tempDir } from '../test/helpers/temp'

export const FIXTURES = resolve(import.meta.dirname, '../../shared/fixtures/skycaptioner_v1')
export const RESULT_CSV = resolve(FIXTURES, 'examples/test_result.csv')

/** The host global-setup.ts started; opening it swaps its ?token= for the page's session cookie. */
export function studioUrl(): string {
  const url = process.env.STUDIO_URL
  if (!url) throw new Error('STUDIO_URL is unset: e2e/global-setup.ts did not start the host')
  return url
}

/** For requests outside the page (Playwright's `request`), which has no session cookie. */
export function studioHeaders(): Record<string, string> {
  return { 'x-studio-token': process.env.STUDIO_TOKEN ?? '' }
}

/**
 * Calls the host's API directly, to set a project up or check what was stored rather than what the
 * page shows. A project route is about the project opened last on the host (by a spec or a page),
 * unless the input names one.
 */
export async function call<T = any>(request: APIRequestContext, route: string, input: object): Promise<T> {
  const named = !isProjectRoute(route as Route) || 'project' in input
  const body = await post(request, route, named ? input : { ...input, project: await lastOpened(request) })
  expect(body.ok, `${route}: ${JSON.stringify(body.error)}`).toBe(true)
  return body.data as T
}

async function post(request: APIRequestContext, route: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> {
  return (await request.post(new URL(`/api/${route}`, studioUrl()).href, { data: input, headers: studioHeaders() })).json()
}

async function lastOpened(request: APIRequestContext): Promise<string> {
  const info = await post(request, 'app.info', {})
  const project = (info.data as { project: { id: string } | null } | undefined)?.project
  if (!project) throw new Error(`no project is open on the host to send the request to: ${JSON.stringify(info)}`)
  return project.id
}

/** A fresh project with the seed clips and their imported pre-labels; returns clip ids by file name. */
export async function seedProject(request: APIRequestContext, name: string, folder = FIXTURES): Promise<Record<string, number>> {
  await call(request, 'project.create', { name: `${name} ${test.info().repeatEachIndex}` })
  await call(request, 'clips.import', { kind: 'folder', path: folder })
  if (folder === FIXTURES) await call(request, 'clips.import', { kind: 'csv', path: RESULT_CSV })
  return clipIds(request)
}

/**
 * A fresh project of the named seed clips (e.g. ['3.mp4', '2.mp4']) imported in that order, so
 * clip ids follow it, each with its pre-label from test_result.csv; returns clip ids by file name.
 */
export async function seedProjectInOrder(request: APIRequestContext, name: string, files: string[]): Promise<Record<string, number>> {
  const rows = parse(readFileSync(RESULT_CSV, 'utf8')) as string[][]
  const captions = new Map(rows.slice(1).map(([path, caption]) => [basename(path), caption]))
  const csv = join(tempDir('skycap-seed-'), 'clips.csv')
  const lines = files.map((file) => [join(FIXTURES, 'examples/data', file), captions.get(file) ?? ''])
  writeFileSync(csv, stringify([['path', 'structural_caption'], ...lines]))
  await call(request, 'project.create', { name: `${name} ${test.info().repeatEachIndex}` })
  await call(request, 'clips.import', { kind: 'csv', path: csv })
  return clipIds(request)
}

async function clipIds(request: APIRequestContext): Promise<Record<string, number>> {
  const list = await call<{ rows: { id: number; name: string }[] }>(request, 'clips.list', {})
  return Object.fromEntries(list.rows.map((r) => [r.name, r.id]))
}
