import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ApiError } from '../shared/errors'
import { projectSlug } from '../main/projects/projects'
import { backupFile, backupName } from '../main/store/backup'
import { ProjectStore } from '../main/store/project'
import { CliError } from './client'

export const BACKUP_USAGE = `skycap backup: a verified copy of a project, safe to take while the studio or a team host keeps saving

  skycap backup PROJECT.sqlite [--out DIR]

  --out DIR           the folder for the copy (default: the current folder); named <project>-<UTC time>.sqlite`

export async function backupCommand(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true
  })
  if (values.help) {
    out(`${BACKUP_USAGE}\n`)
    return 0
  }
  if (positionals.length !== 1) throw new CliError(`give one project file\n\n${BACKUP_USAGE}`)
  const source = path.resolve(positionals[0])
  const folder = path.resolve(values.out ?? '.')
  if (!fs.existsSync(source)) throw new CliError(`No project file at ${source}`)
  try {
    const name = backupName(projectSlug(ProjectStore.peek(source).name), new Date())
    const result = await backupFile(source, folder, name)
    const rows = result.rows.revisions ?? 0
    out(`Backed up ${path.basename(source)} to ${result.file} (${result.bytes} bytes, ${rows} revisions; integrity checked)\n`)
    return 0
  } catch (err) {
    if (err instanceof ApiError) throw new CliError(err.message)
    throw new CliError(`Cannot back up ${path.basename(source)}: ${(err as Error).message}`)
  }
}
