import { afterAll } from 'vitest'
import { removeTempDirs } from './helpers/temp'

// The env var would override the data dirs the tests pass (child processes inherit this too).
delete process.env.SKYCAP_DATA_DIR

// Runs once per test file, after its own afterAll hooks.
afterAll(removeTempDirs)
