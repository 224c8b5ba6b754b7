// limiter: at most `max` tasks at once, each waiting one started as soon as a slot frees, failures freeing theirs too.
import { describe, expect, it } from 'vitest'
import { limiter } from '../../src/main/limiter'
import { hashSecret } from '../../src/main/people/tokens'

describe('limiter', () => {
  it('runs at most max at once, runs every task, and a failing task frees its slot', async () => {
    const limit = limiter(2)
    let running = 0
    let most = 0
    const task = (i: number) =>
      limit(async () => {
        running++
        most = Math.max(most, running)
        await new Promise((done) => setImmediate(done))
        running--
        if (i === 3) throw new Error('task 3 failed')
        return i
      })
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => task(i)))
    expect(most).toBe(2)
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([0, 1, 2, 'failed', 4, 5, 6])
  })

  it('keeps scrypt hashes what they were while limiting them', async () => {
    const salt = Buffer.alloc(16, 7)
    const hashes = await Promise.all(Array.from({ length: 5 }, () => hashSecret('s'.repeat(43), salt)))
    expect(new Set(hashes.map((h) => h.toString('hex'))).size).toBe(1)
    expect(hashes[0]).toHaveLength(32)
  })
})
