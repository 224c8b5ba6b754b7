import { BACKUP_USAGE, backupCommand } from './backup'
import { CAPTION_USAGE, captionCommand } from './caption'
import { CliError } from './client'
import { EXPORT_USAGE, exportCommand } from './export'
import { FUSE_USAGE, fuseCommand } from './fuse'
import { QUANTIZE_USAGE, quantizeCommand } from './quantize'
import { REPORT_USAGE, reportCommand } from './report'
import { SHOOTOUT_USAGE, shootoutCommand } from './shootout'

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  caption: captionCommand,
  fuse: fuseCommand,
  export: exportCommand,
  report: reportCommand,
  quantize: quantizeCommand,
  shootout: shootoutCommand,
  backup: backupCommand
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const run = command ? COMMANDS[command] : undefined
  if (!run) {
    process.stderr.write(
      `usage: skycap <command> [options]\n\ncommands: ${Object.keys(COMMANDS).join(', ')}\n\n${[CAPTION_USAGE, FUSE_USAGE, EXPORT_USAGE, REPORT_USAGE, QUANTIZE_USAGE, SHOOTOUT_USAGE, BACKUP_USAGE].join('\n\n')}\n`
    )
    return command ? 64 : 0
  }
  return run(rest)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`skycap: ${err instanceof CliError ? err.message : (err.stack ?? err.message)}\n`)
    process.exit(1)
  }
)
