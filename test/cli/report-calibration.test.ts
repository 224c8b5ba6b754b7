// `skycap report` prints the calibration table of the hand-built project (figures worked out in
// test/confidence/calibration.test.ts), as a child process on a real project file.
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CalibrationReport } from '../../src/shared/api/report'
import { buildCalibrationProject } from '../helpers/calibrationProject'
import { skycap } from '../helpers/cli'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-cli-calibration-')
let project: string

beforeAll(() => {
  project = path.join(newDir('project'), 'calibration.sqlite')
  buildCalibrationProject(project)
})

describe('skycap report: confidence calibration', () => {
  it('prints a line per model and quant and per kind of field, with the anchoring note', async () => {
    const { code, stdout, stderr } = await skycap(['report', '--project', project])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/Confidence calibration: 4 approved clip\(s\) whose reviewer started from a scored model pre-label; threshold 0\.9\n/)
    // Q8: 10 fields of 2 clips, ECE 0.238, 5 of 5 kept at or above 0.9 (Wilson 56.6%–100%) from 2 clips
    expect(stdout).toMatch(/\nm-Q8_0\.gguf +Q8_0 +10 +2 +0\.238 +100\.0% +56\.6%–100\.0% +5 +2\n/)
    expect(stdout).toMatch(/\n {2}enum +4 +2 +0\.255 +100\.0% +43\.9%–100\.0% +3 +2\n/)
    expect(stdout).toMatch(/\n {2}text +3 +2 +0\.327 +– +0 +0\n/)
    expect(stdout).toMatch(/\nm-Q4_K_M\.gguf +Q4_K_M +4 +2 +0\.350 +100\.0% +20\.7%–100\.0% +1 +1\n/)
    expect(stdout).toMatch(/anchoring/)
  }, 60_000)

  it('--threshold moves the kept share: at 0.5 Q4 kept 2 of 3 fields from 2 clips (Wilson 20.8%–93.9%)', async () => {
    const { code, stdout, stderr } = await skycap(['report', '--project', project, '--threshold', '0.5'])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/threshold 0\.5\n/)
    expect(stdout).toMatch(/\nm-Q4_K_M\.gguf +Q4_K_M +4 +2 +0\.350 +66\.7% +20\.8%–93\.9% +3 +2\n/)
  }, 60_000)

  it('--json carries the calibration beside the agreement report', async () => {
    const { code, stdout, stderr } = await skycap(['report', '--project', project, '--threshold', '0.5', '--json'])
    expect(code, stderr).toBe(0)
    const parsed = JSON.parse(stdout)
    const calibration = CalibrationReport.parse(parsed.calibration)
    expect(calibration).toMatchObject({ threshold: 0.5, clips: 4 })
    // Q8 at or above 0.5: all but 0.35 and 0.45
    expect(calibration.groups.map((g) => [g.quant, g.above.fields])).toEqual([
      ['Q8_0', 8],
      ['Q4_K_M', 3]
    ])
    expect(parsed.approvedClips).toBeGreaterThan(0)
  }, 60_000)

  it('refuses a threshold that is not a number from 0 to 1, with exit code 1', async () => {
    for (const bad of ['1.5', 'high', '-0.1']) {
      const { code, stderr } = await skycap(['report', '--project', project, `--threshold=${bad}`])
      expect(code).toBe(1)
      expect(stderr).toMatch(/--threshold must be a number from 0 to 1/)
    }
  }, 60_000)
})
