// Shared by the browser specs: where the seed data is and how to reach the host's API directly.
import { resolve } from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'

export const FIXTURES = resolve(import.meta.dirname, '../../shared/fixtures/skycaptioner_v1')
export const RESULT_CSV = resolve(FIXTURES, 'examples/test_result.csv')

/** The host global-setup.ts started. */
export function studioUrl(): string {
  const url = process.env.STUDIO_URL
  if (!url) throw new Error('STUDIO_URL is unset: e2e/global-setup.ts did not start the host')
  return url
}

/** Calls the host's API directly, to set a project up or check what was stored rather than what the page shows. */
export async function call<T = any>(request: APIRequestContext, route: string, input: unknown): Promise<T> {
  const res = await request.post(new URL(`/api/${route}`, studioUrl()).href, { data: input })
  const body = await res.json()
  expect(body.ok, `${route}: ${JSON.stringify(body.error)}`).toBe(true)
  return body.data as T
}

/** A fresh project with the seed clips and their imported pre-labels; returns clip ids by file name. */
export async function seedProject(request: APIRequestContext, name: string, folder = FIXTURES): Promise<Record<string, number>> {
  await call(request, 'project.create', { name: `${name} ${test.info().repeatEachIndex}` })
  await call(request, 'clips.import', { kind: 'folder', path: folder })
  if (folder === FIXTURES) await call(request, 'clips.import', { kind: 'csv', path: RESULT_CSV })
  const list = await call<{ rows: { id: number; name: string }[] }>(request, 'clips.list', {})
  return Object.fromEntries(list.rows.map((r) => [r.name, r.id]))
}
