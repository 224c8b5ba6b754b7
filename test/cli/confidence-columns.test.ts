// The --confidence cells of `skycap caption` for hand-built confidences: the enum fields' own
// probability to 4 decimals, the clip minimum, and empty cells wherever there is no score.
import { describe, expect, it } from 'vitest'
import { confidenceCells } from '../../src/cli/caption'

describe('confidenceCells', () => {
  it('gives each enum field its probability and the clip its minimum, in the column order', () => {
    const cells = confidenceCells({
      status: 'scored',
      topK: 5,
      fields: [
        { path: 'shot_position', kind: 'enum', p: 0.25 },
        { path: 'subjects[0].TYPES.type', kind: 'types', p: 0.125 },
        { path: 'shot_type', kind: 'enum', p: 0.912345 },
        { path: 'camera_motion', kind: 'text', p: 0.01 }
      ],
      min: 0.125
    })
    expect(cells).toEqual(['0.9123', '', '0.2500', '0.1250'])
  })

  it('leaves every cell empty without a score', () => {
    expect(confidenceCells(undefined)).toEqual(['', '', '', ''])
    expect(confidenceCells({ status: 'none', reason: 'the endpoint returned no log-probabilities' })).toEqual(['', '', '', ''])
    expect(confidenceCells({ status: 'scored', topK: 5, fields: [], min: null })).toEqual(['', '', '', ''])
  })
})
