// Carries out a start plan (scripts/startPlan.mjs): its short steps in order, then its long-lived
// one. A failed step is named with its reason and command line, never a silent exit code.
import { spawn, spawnSync } from 'node:child_process'

/** @typedef {import('./startPlan.mjs').Step} Step */
/** @typedef {import('./startPlan.mjs').Plan} Plan */

const failure = (step, why) => `npm start: ${step.label} ${why}\n  command: ${[step.command, ...step.args].join(' ')}`

/**
 * Runs a step to its end.
 * @param {Step} step
 * @returns {string | null} why it failed, or null
 */
export function runStep(step) {
  const result = spawnSync(step.command, step.args, step.options)
  if (result.error) return failure(step, `could not be started: ${result.error.message}`)
  if (result.status !== 0) return failure(step, result.signal ? `was stopped by ${result.signal}` : `failed with exit code ${result.status}`)
  return null
}

/**
 * Prints the plan's notice and runs its short steps; after a failure, the same for its fallback.
 * @param {Plan} plan
 * @param {{ log: (line: string) => void, error: (line: string) => void }} out
 * @returns {Step | null} the long-lived step to run, or null when nothing can be started
 */
export function prepare(plan, out) {
  out.log(plan.notice)
  for (const step of plan.steps) {
    if (step.longLived) return step
    const problem = runStep(step)
    if (!problem) continue
    out.error(problem)
    return plan.fallback ? prepare(plan.fallback, out) : null
  }
  return null
}

/**
 * Runs a long-lived child and passes Ctrl-C / SIGTERM on to it, so it can close its project cleanly.
 * @param {Step} step
 */
export function runUntilExit(step) {
  const child = spawn(step.command, step.args, step.options)
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.once('error', (err) => {
    console.error(failure(step, `could not be started: ${err.message}`))
    process.exit(1)
  })
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
