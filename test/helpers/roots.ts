// The roots a test app is given, so tests keep the check on instead of switching it off.
// No vitest imports here: the benches and e2e setup import this file too.
import os from 'node:os'
import path from 'node:path'
import { Roots, defaultRoots, type RootsConfig } from '../../src/main/roots/roots'
import { defaultCacheDir } from '../../scripts/make-tiny-models'
import { SHARED_DIR } from './fixtures'

/** Where the tiny test models are generated (ensureTinyModels' default folder). */
export const TEST_MODELS_DIR = path.join(defaultCacheDir(), 'test-models')

/**
 * Media roots: the shared fixtures and the OS temp folder, where every tempDir/scratch folder is
 * made; exports: the OS temp folder too; models: the tiny models' folder. Projects keep their
 * default under the data folder.
 */
export function testRoots(extra: Partial<RootsConfig> = {}): Partial<RootsConfig> {
  return { media: [SHARED_DIR, os.tmpdir()], models: TEST_MODELS_DIR, exports: os.tmpdir(), ...extra }
}

/**
 * The media and models roots of testRoots() as `npm run serve` flags, for specs that start the real
 * host process. Exports keep the host's default, <data folder>/exports, as a user's would.
 */
export function testRootFlags(): string[] {
  const roots = testRoots()
  return [...(roots.media ?? []).flatMap((dir) => ['--media-root', dir]), '--models-dir', TEST_MODELS_DIR]
}

/** The same as a Roots, for services built without the app, with the other defaults under `dataDir`. */
export function testRootsIn(dataDir: string): Roots {
  return new Roots({ ...defaultRoots(dataDir), ...testRoots() })
}
