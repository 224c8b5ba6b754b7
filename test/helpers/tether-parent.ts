// A parent for the tether test to kill -9: tethers a long-running Node child and prints its pid.
import { ProcessManager } from '../../src/main/processes'

const processes = new ProcessManager()
const child = processes.spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'inherit'], tether: true })
const timer = setInterval(() => {
  const pid = processes.pidOf(child)
  if (pid === undefined) return
  clearInterval(timer)
  process.stdout.write(`${JSON.stringify({ watchdog: child.pid, command: pid })}\n`)
}, 20)
