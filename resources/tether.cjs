// Watchdog that ties a child process to the life of the app, on every platform.
//
//   <node or electron with ELECTRON_RUN_AS_NODE=1> tether.cjs COMMAND [ARGS...]
//
// It runs COMMAND with our stdout/stderr, and stops it when our stdin closes: the app holds the
// other end of that pipe, and the OS closes it however the app dies (even kill -9). Over fd 3 it
// reports "pid N" once COMMAND runs, "error CODE MESSAGE" if it cannot start, and "exit" when
// COMMAND has ended, so the app knows which process to signal and when not to any more.
'use strict'
const { spawn } = require('node:child_process')
const fs = require('node:fs')

const [command, ...args] = process.argv.slice(2)
const graceMs = Number(process.env.SKYCAP_TETHER_GRACE_MS) || 3000

function report(line) {
  try {
    fs.writeSync(3, `${line}\n`)
  } catch {
    // no report channel: the app only loses the real pid
  }
}

const env = { ...process.env }
delete env.ELECTRON_RUN_AS_NODE // only this script needs it
delete env.SKYCAP_TETHER_GRACE_MS
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env, windowsHide: true })

child.once('spawn', () => report(`pid ${child.pid}`))
child.once('error', (err) => {
  report(`error ${err.code ?? 'EUNKNOWN'} ${err.message}`)
  process.stderr.write(`tether: could not start ${command}: ${err.message}\n`)
  process.exit(127)
})
child.once('exit', (code, signal) => {
  report('exit')
  if (signal) {
    // end the same way, so the app sees the signal it sent
    for (const s of FORWARDED) process.removeAllListeners(s)
    process.kill(process.pid, signal)
  }
  process.exit(code ?? 1)
})

// Signals sent to the watchdog go on to the command.
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP']
for (const s of FORWARDED) process.on(s, () => child.kill(s))

// The app is gone (or let go of us): stop the command, forcefully if it lingers.
let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  child.kill('SIGTERM')
  setTimeout(() => child.kill('SIGKILL'), graceMs)
}
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.on('error', stop)
process.stdin.resume()
