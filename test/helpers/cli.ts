// Runs the `skycap` CLI as a child process, and reads the CSVs it writes.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { REPO_ROOT } from './fixtures'

export function skycap(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // what `npx tsx src/cli/index.ts` runs, without npm's start-up
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true }) as Record<string, string>[]
}
