import { AsyncLocalStorage } from 'node:async_hooks'
import type { Caller } from '../../shared/api/people'

/** The host's own token holder and the desktop app: a lead everywhere, named by the annotator prompt. */
export const OPERATOR: Caller = Object.freeze({ kind: 'operator', name: null, role: 'lead' })

const calls = new AsyncLocalStorage<Caller>()

/** Runs a request's work as `caller` (the router does this for every request). */
export function runAs<T>(caller: Caller, run: () => Promise<T>): Promise<T> {
  return calls.run(caller, run)
}

/** Who the request being served is made as; work started outside a request is the operator's. */
export function currentCaller(): Caller {
  return calls.getStore() ?? OPERATOR
}
