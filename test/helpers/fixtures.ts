import path from 'node:path'

/** The CI clones the repo with shared/ beside it: <repo>/../shared. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared')
export const SEED_DIR = path.join(SHARED_DIR, 'fixtures/skycaptioner_v1')
export const EXAMPLES_DIR = path.join(SEED_DIR, 'examples')
export const CLIP_2 = path.join(EXAMPLES_DIR, 'data/2.mp4')
export const CLIP_3 = path.join(EXAMPLES_DIR, 'data/3.mp4')
export const MISSING_CLIP_1 = path.join(EXAMPLES_DIR, 'data/1.mp4')
export const TEST_CSV = path.join(EXAMPLES_DIR, 'test.csv')
export const RESULT_CSV = path.join(EXAMPLES_DIR, 'test_result.csv')
