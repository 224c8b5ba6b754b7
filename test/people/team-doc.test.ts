// docs/team.md shows the role table; this keeps it the table the router checks.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROUTE_ROLES } from '../../src/shared/roles'
import { REPO_ROOT } from '../helpers/fixtures'

describe('docs/team.md', () => {
  it('lists every route with the roles shared/roles.ts gives it', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs/team.md'), 'utf8')
    const rows = [...text.matchAll(/^\| `([\w.]+)` \| ([^|]+) \|$/gm)].map(([, route, roles]) => [route, roles.trim()])
    const expected = Object.entries(ROUTE_ROLES).map(([route, roles]) => [route, roles.length ? roles.join(', ') : 'operator only'])
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected))
  })
})
