import { describe, expect, it } from 'vitest'
import { nestsDeeperThan } from '../../../src/main/hosts/http/http-api'

const nested = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels)

describe('JSON nesting depth, read from the raw body', () => {
  it('counts arrays and objects alike, up to and past the limit', () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false)
    expect(nestsDeeperThan(nested(4), 3)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":{"c":1}}}', 3)).toBe(false)
    expect(nestsDeeperThan('{"a":[{"c":[1]}]}', 3)).toBe(true)
    // Siblings do not add up: depth is how far in, not how many.
    expect(nestsDeeperThan('[[1],[2],[3],[4]]', 2)).toBe(false)
  })

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ name: '[[[[{{{{' }), 1)).toBe(false)
    expect(nestsDeeperThan(JSON.stringify({ name: 'say "[[[[" \\ then' }), 1)).toBe(false)
    expect(nestsDeeperThan(JSON.stringify({ name: 'a\\', list: [[1]] }), 2)).toBe(true)
  })

  it('finds the depth of generated values, whatever their strings hold', () => {
    for (let levels = 1; levels <= 70; levels++) {
      let value: unknown = 'leaf ]]'
      for (let n = 0; n < levels; n++) value = n % 2 ? { key: value } : [value, '{']
      expect(nestsDeeperThan(JSON.stringify(value), 64), `${levels} levels`).toBe(levels > 64)
    }
  })
})
