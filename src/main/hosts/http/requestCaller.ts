import type { FastifyRequest } from 'fastify'
import type { Caller } from '../../../shared/api/people'

const callers = new WeakMap<FastifyRequest, Caller>()

/** Set by the auth hook once a request's token or session checks out. */
export function setCaller(req: FastifyRequest, caller: Caller): void {
  callers.set(req, caller)
}

/** Who a signed-in request is made as; undefined if the auth hook did not let it through. */
export function callerOf(req: FastifyRequest): Caller | undefined {
  return callers.get(req)
}
