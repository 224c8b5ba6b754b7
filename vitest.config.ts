import { defineConfig } from 'vitest/config'

// Files that run llama-server: one at a time, after the rest. Its CPU threads spin while they
// wait for work, so two servers (or a server and a busy suite) on 2 cores slow each other ~10x.
const LLAMA_SERVER_FILES = [
  'test/inference/prelabel-*.test.ts',
  'test/jobs/prelabel-*.test.ts',
  'test/cli/caption.test.ts',
  'test/models/tiny-models.test.ts',
  'test/models/measure.test.ts',
  'test/models/quantize.test.ts',
  'test/models/measure-speed.test.ts',
  'test/shootout/shootout-job.test.ts',
  'test/confidence/confidence-llama.test.ts',
  'test/cli/shootout.test.ts'
]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // scripts/check-skips.ts reads the JSON report (test/ci/allowedSkips.ts names its path)
    reporters: ['default', ['json', { outputFile: 'test-reports/unit.json' }]],
    // every project extends this, so each gets the setup file
    setupFiles: ['test/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: LLAMA_SERVER_FILES } },
      {
        extends: true,
        test: { name: 'llama-server', include: LLAMA_SERVER_FILES, fileParallelism: false, sequence: { groupOrder: 1 } }
      }
    ]
  }
})
