/**
 * Shares one generation run per output folder between callers in the same process; a forced
 * call starts a fresh run. Finished runs are forgotten, so later calls check the files again.
 */
export function shareRun<T>(runs: Map<string, Promise<T>>, key: string, force: boolean, start: () => Promise<T>): Promise<T> {
  let run = runs.get(key)
  if (!run || force) {
    run = start()
    runs.set(key, run)
    const forget = () => runs.get(key) === run && runs.delete(key)
    run.then(forget, forget)
  }
  return run
}
